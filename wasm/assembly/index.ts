/** Module entry: every exported kernel (see softmax.ts, elementwise.ts and reduce.ts). */
export * from './softmax';
export * from './elementwise';
export * from './reduce';
