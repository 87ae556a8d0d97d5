import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { SnapshotFormatError } from "./snapshot-format-error.js";

/** Hostile-input limit: snapshot files larger than this are refused before reading. */
export const MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024;

/** Reads one snapshot file as UTF-8 text after checking its size. Errors name the file. */
export function readSnapshotFile(path: string, maxBytes: number = MAX_SNAPSHOT_BYTES): string {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new SnapshotFormatError(path, "", "not a regular file");
    size = stat.size;
  } catch (error) {
    if (error instanceof SnapshotFormatError) throw error;
    throw new SnapshotFormatError(path, "", `cannot read: ${(error as Error).message}`);
  }
  if (size > maxBytes) throw new SnapshotFormatError(path, "", `file is ${size} bytes, over the limit of ${maxBytes} bytes`);
  return readFileSync(path, "utf8");
}

/** The short label used in messages about the contents of a file (`flask-graph.json`). */
export function fileLabel(path: string): string {
  return basename(path);
}
