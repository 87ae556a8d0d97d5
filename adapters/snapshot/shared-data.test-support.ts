import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** `../shared/data` relative to the repository root, or null when this clone has none. */
export function sharedData(): string | null {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
  const data = join(root, "..", "shared", "data");
  return existsSync(data) ? data : null;
}
