/**
 * Renderer facts with no DOM dependency (testable in Node): MIME types, rank,
 * and which text the minimal renderer shows.
 */
export const TABLE_MIME = 'application/vnd.jupyterlab-softmax.table+json';
export const CALIBRATION_MIME = 'application/vnd.jupyterlab-softmax.calibration+json';

/** Below 50 (text/html) so our rendering wins over the HTML fallback in the bundle. */
export const RANK = 40;

/** The text shown: the bundle's text/plain, else a short note naming the type. */
export function fallbackText(data: Readonly<Record<string, unknown>>, mimeType: string): string {
  const plain = data['text/plain'];
  if (typeof plain === 'string') {
    return plain;
  }
  if (Array.isArray(plain) && plain.every(line => typeof line === 'string')) {
    return plain.join('');
  }
  return `[${mimeType} output without a text/plain fallback]`;
}

/**
 * A cheap identity for a payload. The output model hands out a fresh data
 * object on every access, so re-renders (e.g. after our own PNG write-back)
 * are recognised by content; long base64 strings are abbreviated.
 */
export function payloadKey(payload: unknown): string {
  const key = JSON.stringify(payload, (_k, v: unknown) =>
    typeof v === 'string' && v.length > 256 ? `${v.length}:${v.slice(0, 64)}:${v.slice(-64)}` : v
  );
  return key ?? String(payload);
}
