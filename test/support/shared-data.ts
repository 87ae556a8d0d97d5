import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root and `../shared` beside it (absent in a user's own clone). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const sharedRoot = resolve(repoRoot, "../shared");

/** A path under ../shared/data, or null (with the reason for a skip message) when it is absent. */
export function sharedData(...parts: string[]): string | null {
  const path = resolve(sharedRoot, "data", ...parts);
  return existsSync(path) ? path : null;
}

export const SHARED_MISSING = `skipped: ${sharedRoot} is absent (tests that read ../shared run only beside it)`;
