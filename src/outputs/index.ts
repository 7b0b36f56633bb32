/**
 * The rich outputs as data, for the cell language (`sm.table`,
 * `sm.calibration`) and the renderers. No DOM.
 */
export type { DisplayOutput, MimeBundle, MimeMetadata } from './bundle';
export {
  buildTableBundle,
  buildTablePayload,
  parseTablePayload,
  DEFAULT_ROW_CAP,
  TABLE_MIME_TYPE,
  type TableOptions,
  type TablePayload
} from './table';
export {
  buildCalibrationOutput,
  parseCalibrationPayload,
  CALIBRATION_MIME_TYPE,
  type CalibrationOutputOptions,
  type CalibrationPayload
} from './calibration';
export { buildCalibrationBundle, buildCalibrationBundleSync } from './calibplot';
