/** A Jupyter MIME bundle: MIME type → data (string or JSON). */
export type MimeBundle = Record<string, unknown>;

/** Metadata keyed by MIME type, as in display_data/execute_result messages. */
export type MimeMetadata = Record<string, unknown>;

export interface DisplayOutput {
  data: MimeBundle;
  metadata: MimeMetadata;
}
