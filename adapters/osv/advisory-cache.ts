import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AdvisoryIndex } from "./load-advisories.js";

const FORMAT = 1;

/**
 * The cache key of an advisory folder: every file's path, size and modification time, and the
 * cache format. Any added, removed or changed file gives another key.
 */
export function advisoryFolderKey(root: string): string {
  const hash = createHash("sha256").update(`maat-advisories-${FORMAT}\n`);
  for (const project of readdirSync(root).sort()) {
    const dir = join(root, project);
    const st = statSync(dir);
    if (!st.isDirectory()) continue;
    for (const f of readdirSync(dir).sort()) {
      const s = statSync(join(dir, f));
      hash.update(`${project}/${f}\t${s.size}\t${s.mtimeMs}\n`);
    }
  }
  return hash.digest("hex").slice(0, 32);
}

interface CachedIndex {
  readonly format: number;
  readonly byProject: [string, AdvisoryIndex["byProject"] extends ReadonlyMap<string, infer V> ? V : never][];
  readonly files: number;
  readonly withdrawn: number;
  readonly issues: AdvisoryIndex["issues"];
}

/** The index cached under `key`, or null when there is none or it cannot be trusted (it is then rebuilt). */
export function readCachedAdvisories(cacheDir: string, key: string): AdvisoryIndex | null {
  try {
    const cached = JSON.parse(readFileSync(join(cacheDir, `advisories-${key}.json`), "utf8")) as CachedIndex;
    if (cached.format !== FORMAT || !Array.isArray(cached.byProject)) return null;
    return { byProject: new Map(cached.byProject), files: cached.files, withdrawn: cached.withdrawn, issues: cached.issues };
  } catch {
    return null;
  }
}

/** Writes the index under `key` (to a temporary file, then renamed, so readers never see half a file). */
export function writeCachedAdvisories(cacheDir: string, key: string, index: AdvisoryIndex): void {
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, `advisories-${key}.json`);
  const cached: CachedIndex = { format: FORMAT, byProject: [...index.byProject], files: index.files, withdrawn: index.withdrawn, issues: index.issues };
  writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(cached));
  renameSync(`${file}.${process.pid}.tmp`, file);
}
