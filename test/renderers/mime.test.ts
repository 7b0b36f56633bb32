/** Renderer registration facts (no DOM needed). */
import { CALIBRATION_MIME, fallbackText, RANK, TABLE_MIME } from '../../src/renderers/mime';
import { CALIBRATION_MIME_TYPE } from '../../src/outputs/calibration';
import { TABLE_MIME_TYPE } from '../../src/outputs/table';

test('text/plain is shown, as a string or a list of lines', () => {
  expect(fallbackText({ 'text/plain': 'tensor([0.1])' }, TABLE_MIME)).toBe('tensor([0.1])');
  expect(fallbackText({ 'text/plain': ['a\n', 'b'] }, CALIBRATION_MIME)).toBe('a\nb');
});

test('a bundle without text/plain names its type instead of rendering blank', () => {
  expect(fallbackText({}, TABLE_MIME)).toContain(TABLE_MIME);
});

test('renderers rank below text/html (50) so they win over the HTML fallback', () => {
  expect(RANK).toBeLessThan(50);
  expect(TABLE_MIME).toBe('application/vnd.jupyterlab-softmax.table+json');
  expect(CALIBRATION_MIME).toBe('application/vnd.jupyterlab-softmax.calibration+json');
  // The builders and the renderers agree on the types.
  expect(TABLE_MIME_TYPE).toBe(TABLE_MIME);
  expect(CALIBRATION_MIME_TYPE).toBe(CALIBRATION_MIME);
});
