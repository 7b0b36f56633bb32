/** Calibration metrics and temperature scaling (issue #7). Split into calibration/*. */
export { DEFAULT_BINS, binEdges } from './calibration/common';
export type { BinConvention, MetricOptions } from './calibration/common';
export * from './calibration/metrics';
export * from './calibration/fit';
