import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (the nearest folder with package.json, from source or from dist/) and `../shared` beside it. */
export const repoRoot = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(resolve(dir, "package.json")) || existsSync(resolve(dir, "../package.json"))) {
    const up = resolve(dir, "..");
    if (up === dir) return resolve(from, "../..");
    dir = up;
  }
  return dir;
}
export const sharedRoot = resolve(repoRoot, "../shared");

/** A path under ../shared/data, or null (with the reason for a skip message) when it is absent. */
export function sharedData(...parts: string[]): string | null {
  const path = resolve(sharedRoot, "data", ...parts);
  return existsSync(path) ? path : null;
}

export const SHARED_MISSING = `skipped: ${sharedRoot} is absent (tests that read ../shared run only beside it)`;
