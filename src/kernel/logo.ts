/**
 * Kernel logo for the launcher: three bars whose heights are softmax([1, 2, 3])
 * (0.09, 0.24, 0.67) under a σ. Inline, so no asset loader is needed.
 */
export const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
<rect width="64" height="64" rx="10" fill="#ee4c2c"/>
<text x="32" y="25" font-family="Georgia, serif" font-size="22" font-style="italic" fill="#fff" text-anchor="middle">σ</text>
<rect x="12" y="51" width="10" height="5" fill="#fff"/>
<rect x="27" y="44" width="10" height="12" fill="#fff"/>
<rect x="42" y="30" width="10" height="26" fill="#fff"/>
</svg>`;

/** Data URL form, as kernelspec `resources` expect (works in Lab and Lite alike). */
export const LOGO_URL = `data:image/svg+xml;base64,${btoa(LOGO_SVG.replace('σ', '&#963;'))}`;
