/**
 * Opens a snapshot: a graph JSON file, a packse scenario TOML, or a folder of them (one catalog,
 * the union; a project defined in two files is an error naming both).
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { readGraphJson } from "./graph-json.js";
import { packseProjects } from "./packse-catalog.js";
import { parsePackseScenario, type PackseScenario } from "./packse-scenario.js";
import { createSnapshotCatalog, type LazyProject, type SnapshotCatalog } from "./snapshot-catalog.js";
import { fileLabel, readSnapshotFile } from "./snapshot-file.js";
import { SnapshotFormatError } from "./snapshot-format-error.js";

export function loadGraphFile(path: string): SnapshotCatalog {
  return createSnapshotCatalog(path, readGraphJson(readSnapshotFile(path), fileLabel(path)));
}

export function loadPackseScenario(path: string): PackseScenario {
  return parsePackseScenario(readSnapshotFile(path), fileLabel(path));
}

function projectsOf(path: string): Map<string, LazyProject> {
  if (path.endsWith(".json")) return readGraphJson(readSnapshotFile(path), fileLabel(path));
  if (path.endsWith(".toml")) return packseProjects(loadPackseScenario(path));
  throw new SnapshotFormatError(path, "", "expected a graph .json file, a packse .toml file or a folder of them");
}

/** Any snapshot path; a folder takes its *.json and *.toml files (not recursively). */
export function loadSnapshot(path: string): SnapshotCatalog {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    throw new SnapshotFormatError(path, "", `cannot read: ${(error as Error).message}`);
  }
  if (!isDirectory) return createSnapshotCatalog(path, projectsOf(path));
  const files = readdirSync(path)
    .filter((f) => f.endsWith(".json") || f.endsWith(".toml"))
    .sort();
  if (files.length === 0) throw new SnapshotFormatError(path, "", "folder holds no .json or .toml snapshot");
  const union = new Map<string, LazyProject>();
  for (const f of files) {
    for (const [name, project] of projectsOf(join(path, f))) {
      const other = union.get(name);
      if (other !== undefined) {
        throw new SnapshotFormatError(path, "", `project ${name} is defined in both ${other.file} and ${project.file}`);
      }
      union.set(name, project);
    }
  }
  return createSnapshotCatalog(path, union);
}
