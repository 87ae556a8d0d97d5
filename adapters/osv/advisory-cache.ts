import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { threadId } from "node:worker_threads";
import type { AdvisoryIndex } from "./load-advisories.js";

const FORMAT = 2;

/**
 * The cache key of an advisory folder: every advisory file's path, size and modification time, and
 * the cache format. Any added, removed or changed file gives another key.
 */
export function advisoryFolderKey(folder: string, files: readonly string[]): string {
  const hash = createHash("sha256").update(`maat-advisories-${FORMAT}\n${folder}\n`);
  for (const file of files) {
    const s = statSync(file);
    hash.update(`${relative(folder, file)}\t${s.size}\t${s.mtimeMs}\n`);
  }
  return hash.digest("hex").slice(0, 32);
}

interface CachedIndex extends Omit<AdvisoryIndex, "byProject"> {
  readonly format: number;
  readonly byProject: [string, AdvisoryIndex["byProject"] extends ReadonlyMap<string, infer V> ? V : never][];
}

/** The index cached under `key`, or null when there is none or it cannot be trusted (it is then rebuilt). */
export function readCachedAdvisories(cacheDir: string, key: string): AdvisoryIndex | null {
  try {
    const { format, byProject, ...rest } = JSON.parse(readFileSync(join(cacheDir, `advisories-${key}.json`), "utf8")) as CachedIndex;
    if (format !== FORMAT || !Array.isArray(byProject)) return null;
    return { ...rest, byProject: new Map(byProject) };
  } catch {
    return null;
  }
}

/** Writes the index under `key` (to a temporary file, then renamed, so readers never see half a file). */
export function writeCachedAdvisories(cacheDir: string, key: string, index: AdvisoryIndex): void {
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, `advisories-${key}.json`);
  const cached: CachedIndex = { ...index, format: FORMAT, byProject: [...index.byProject] };
  // One temporary file per process and thread: two loads of one folder may run at once.
  const tmp = `${file}.${process.pid}.${threadId}.tmp`;
  writeFileSync(tmp, JSON.stringify(cached));
  renameSync(tmp, file);
}
