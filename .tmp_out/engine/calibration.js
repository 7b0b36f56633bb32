"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __exportStar = (this && this.__exportStar) || function(m, exports) {
    for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports, p)) __createBinding(exports, m, p);
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.binEdges = exports.DEFAULT_BINS = void 0;
/** Calibration metrics and temperature scaling (issue #7). Split into calibration/*. */
var common_1 = require("./calibration/common");
Object.defineProperty(exports, "DEFAULT_BINS", { enumerable: true, get: function () { return common_1.DEFAULT_BINS; } });
Object.defineProperty(exports, "binEdges", { enumerable: true, get: function () { return common_1.binEdges; } });
__exportStar(require("./calibration/metrics"), exports);
__exportStar(require("./calibration/fit"), exports);
