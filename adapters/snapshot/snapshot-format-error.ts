/** A snapshot file that cannot be used at all: names the file and, when known, the field path. */
export class SnapshotFormatError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly detail: string,
  ) {
    super(path === "" ? `${file}: ${detail}` : `${file}: ${path}: ${detail}`);
    this.name = "SnapshotFormatError";
  }
}

/** One segment of a field path: bare when it is a plain word, JSON-quoted otherwise (`flask."1.0".requires_dist`). */
export function pathSegment(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

export function fieldPath(...keys: readonly string[]): string {
  return keys.map(pathSegment).join(".");
}
