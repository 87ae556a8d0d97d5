import type { CandidateInfo, CandidateMetadata, Catalog, CatalogOutcome } from "../../core/catalog/index.js";

/** The releases of one project once its raw entry has been checked. */
export interface ProjectReleases {
  readonly infos: readonly CandidateInfo[];
  /** Published version string to metadata (found, or invalid-metadata with the reason). */
  readonly metadata: ReadonlyMap<string, CatalogOutcome<CandidateMetadata>>;
}

/** One project of a snapshot: the file it came from and a builder run on first use. */
export interface LazyProject {
  readonly file: string;
  /** The name as written in the file. */
  readonly displayName: string;
  build(): ProjectReleases;
}

/** A catalog held in memory; every lookup is also available synchronously. */
export interface SnapshotCatalog extends Catalog {
  /** Where it was read from (file or folder). */
  readonly source: string;
  /** Every project, PEP 503 normalized, sorted. */
  projects(): readonly string[];
  /** The name as written in the snapshot, for display. */
  displayName(name: string): string | undefined;
  versionsSync(name: string): CatalogOutcome<readonly CandidateInfo[]>;
  metadataSync(name: string, version: string): CatalogOutcome<CandidateMetadata>;
}

export function createSnapshotCatalog(source: string, projects: ReadonlyMap<string, LazyProject>): SnapshotCatalog {
  const built = new Map<string, ProjectReleases>();
  const sorted = [...projects.keys()].sort();
  const releases = (name: string): ProjectReleases | undefined => {
    let r = built.get(name);
    if (r === undefined) {
      const lazy = projects.get(name);
      if (lazy === undefined) return undefined;
      r = lazy.build();
      built.set(name, r);
    }
    return r;
  };
  const versionsSync = (name: string): CatalogOutcome<readonly CandidateInfo[]> => {
    const r = releases(name);
    return r === undefined ? { kind: "not-found", name } : { kind: "found", value: r.infos };
  };
  const metadataSync = (name: string, version: string): CatalogOutcome<CandidateMetadata> => {
    const r = releases(name);
    if (r === undefined) return { kind: "not-found", name };
    return r.metadata.get(version) ?? { kind: "not-found", name, version };
  };
  return {
    source,
    projects: () => sorted,
    displayName: (name) => projects.get(name)?.displayName,
    versionsSync,
    metadataSync,
    versions: async (name) => versionsSync(name),
    metadata: async (name, version) => metadataSync(name, version),
  };
}
