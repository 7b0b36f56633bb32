/** Module entry: every exported kernel (see softmax.ts and elementwise.ts). */
export * from './softmax';
export * from './elementwise';
