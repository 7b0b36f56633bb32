/**
 * The one place the worker gets its cell language from (src/lang's Session,
 * contract in src/lang/api.ts). Swap this import to run the kernel on another
 * implementation of that contract, e.g. a stub while debugging the protocol.
 */
export { Session } from '../lang';
