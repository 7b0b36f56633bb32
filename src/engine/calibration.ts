/** Calibration metrics and temperature scaling (issue #7). Split into calibration/*. */
export * from './calibration/common';
export * from './calibration/metrics';
export * from './calibration/fit';
