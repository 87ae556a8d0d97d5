/** A catalog over a packse scenario's packages: extras become `extra == "x"` Requires-Dist entries, files are named like real ones. */
import type { CandidateInfo, CandidateMetadata, CatalogOutcome, DistributionFile } from "../../core/catalog/index.js";
import { withExtraMarker } from "./extra-marker.js";
import type { PackseScenario, PackseVersion } from "./packse-scenario.js";
import { createSnapshotCatalog, type LazyProject, type SnapshotCatalog } from "./snapshot-catalog.js";

export function packseCatalog(scenario: PackseScenario): SnapshotCatalog {
  return createSnapshotCatalog(scenario.file, packseProjects(scenario));
}

/** The scenario's projects in the form a snapshot catalog (or a union of them) holds. */
export function packseProjects(scenario: PackseScenario): Map<string, LazyProject> {
  const projects = new Map<string, LazyProject>();
  for (const [name, project] of scenario.packages) {
    projects.set(name, {
      file: scenario.file,
      displayName: project.name,
      build: () => {
        const infos: CandidateInfo[] = [];
        const metadata = new Map<string, CatalogOutcome<CandidateMetadata>>();
        for (const v of project.versions) {
          infos.push({
            version: v.version,
            requiresPython: v.requiresPython,
            yanked: v.yanked,
            yankedReason: null,
            uploadTime: null,
            hashes: {},
            files: packseFiles(name, v),
          });
          metadata.set(v.version, { kind: "found", value: packseMetadata(v) });
        }
        return { infos, metadata };
      },
    });
  }
  return projects;
}

export function packseMetadata(v: PackseVersion): CandidateMetadata {
  const requiresDist = [...v.requires];
  const providesExtra = Object.keys(v.extras);
  for (const extra of providesExtra) for (const r of v.extras[extra]) requiresDist.push(withExtraMarker(r, extra));
  return { requiresDist, requiresPython: v.requiresPython, providesExtra };
}

/** Wheel-spec escaping of a project name for filenames: `foo-bar` → `foo_bar`. */
export function escapeDistributionName(normalizedName: string): string {
  return normalizedName.replace(/-/g, "_");
}

export function packseFiles(name: string, v: PackseVersion): DistributionFile[] {
  const stem = `${escapeDistributionName(name)}-${v.version.replace(/-/g, "_")}`;
  const file = (filename: string): DistributionFile => ({ filename, hashes: {}, requiresPython: v.requiresPython, yanked: v.yanked, uploadTime: null });
  const files: DistributionFile[] = [];
  if (v.wheel) for (const tag of v.wheelTags) files.push(file(`${stem}-${tag}.whl`));
  if (v.sdist) files.push(file(`${stem}.tar.gz`));
  return files;
}
