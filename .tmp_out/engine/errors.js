"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.valueError = exports.typeError = exports.indexError = exports.runtimeError = exports.TorchError = void 0;
exports.setWarningHandler = setWarningHandler;
exports.warn = warn;
class TorchError extends Error {
    constructor(pyType, message) {
        super(message);
        this.pyType = pyType;
        this.name = pyType;
    }
}
exports.TorchError = TorchError;
const runtimeError = (msg) => new TorchError('RuntimeError', msg);
exports.runtimeError = runtimeError;
const indexError = (msg) => new TorchError('IndexError', msg);
exports.indexError = indexError;
const typeError = (msg) => new TorchError('TypeError', msg);
exports.typeError = typeError;
const valueError = (msg) => new TorchError('ValueError', msg);
exports.valueError = valueError;
let warningHandler = () => undefined;
function setWarningHandler(handler) {
    warningHandler = handler;
}
function warn(message, category = 'UserWarning') {
    warningHandler(message, category);
}
