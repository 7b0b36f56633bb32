// vega-lite ships its types under package.json "exports" only, which the
// project's moduleResolution ("node") does not read; the little we call is typed in plotsvg.ts.
declare module 'vega-lite';
