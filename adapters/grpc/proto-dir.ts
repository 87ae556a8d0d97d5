import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The repository's `proto/` directory, found by walking up from this module (sources run from the
 * repository, builds from `dist/`, both below it).
 */
export function findProtoDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, "proto");
    if (existsSync(join(candidate, "maat", "v1", "adviser.proto"))) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new Error(`proto/maat/v1/adviser.proto not found above ${from}`);
    dir = up;
  }
}
