/** Public API of the cell language. */
export * from './api';
export { Session } from './session';
export type { SyncRunResult } from './session';
export { registerModule } from './values';
export { setModuleDefaults, getModuleDefaults } from './modules/softmax/defaults';
export type { SoftmaxDefaults } from './modules/softmax/defaults';
