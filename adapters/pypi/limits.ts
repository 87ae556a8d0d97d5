/**
 * Stated limits on what an index may send, so a hostile or broken index gets a clear error
 * instead of exhausting memory. Each can be lowered (tests do) or raised by the caller.
 */
export interface IndexLimits {
  /** Bytes of one project page or JSON API document. */
  readonly maxDocumentBytes: number;
  /** Bytes of one core-metadata file (PEP 658). */
  readonly maxMetadataBytes: number;
  /** Distribution files listed on one project page. */
  readonly maxFiles: number;
  /** Characters of one METADATA header (with its continuation lines). */
  readonly maxHeaderChars: number;
  /** Headers in one METADATA file. */
  readonly maxHeaders: number;
  /** Characters of one filename, URL or attribute on a project page. */
  readonly maxFieldChars: number;
  /** Characters of an ETag the store keeps. */
  readonly maxEtagChars: number;
}

export const DEFAULT_LIMITS: IndexLimits = Object.freeze({
  maxDocumentBytes: 64 * 1024 * 1024,
  maxMetadataBytes: 1024 * 1024,
  maxFiles: 200_000,
  maxHeaderChars: 64 * 1024,
  maxHeaders: 10_000,
  maxFieldChars: 8 * 1024,
  maxEtagChars: 1024,
});
