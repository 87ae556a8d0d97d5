import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The advisory files of a folder, and the folder they were found in. */
export interface AdvisoryFiles {
  /** `root`, or `root/vulns` when root is the database's clone. */
  readonly folder: string;
  /** Paths, sorted: `folder/<project>/<id>.yaml` (the PyPA layout) and `folder/<id>.json` (a flat OSV export). */
  readonly files: readonly string[];
}

/** What an advisory folder is searched for, for the message when nothing is found. */
export const ADVISORY_LAYOUTS = "OSV files (*.yaml, *.yml, *.json) in <dir>/<project>/ (the PyPA advisory database's vulns/ folder), in <dir>/vulns/<project>/ (a clone of the database) or in <dir>/ itself (a flat OSV export)";

const isAdvisoryFile = (name: string) => /\.(ya?ml|json)$/.test(name) && !name.startsWith(".");

/**
 * The advisory files under `root`: a clone of the PyPA advisory database (the folder holding
 * `vulns/`) is read from its `vulns/`; otherwise the files of `root` and of its subfolders.
 */
export function advisoryFiles(root: string): AdvisoryFiles {
  const vulns = join(root, "vulns");
  const folder = isFolder(vulns) ? vulns : root;
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(folder, entry.name);
    if (entry.isFile() && isAdvisoryFile(entry.name)) files.push(path);
    else if (isFolder(path) && !entry.name.startsWith(".")) {
      for (const f of readdirSync(path).sort()) if (isAdvisoryFile(f)) files.push(join(path, f));
    }
  }
  return { folder, files };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
