import { found, type CandidateInfo, type Catalog, type CatalogOutcome, type CandidateMetadata } from "./catalog.js";

/** One release of a memory catalog, with the core metadata a compile reads. */
export interface MemoryRelease {
  /** Requires-Dist entries (PEP 508, `extra == "x"` markers for extras). */
  readonly requiresDist?: readonly string[];
  readonly requiresPython?: string | null;
  readonly providesExtra?: readonly string[];
  readonly yanked?: boolean;
  /** The metadata cannot be read: answered as invalid-metadata with this reason. */
  readonly invalid?: string;
}

/** Projects by (normalized) name, releases by version: a release is its Requires-Dist list, or a MemoryRelease. */
export type MemoryTable = Readonly<Record<string, Readonly<Record<string, readonly string[] | MemoryRelease>>>>;

export interface MemoryCatalogOptions {
  /** Projects the catalog answers `offline` for (as a PyPI client without a network would). */
  readonly offline?: readonly string[];
}

const releaseOf = (r: readonly string[] | MemoryRelease): MemoryRelease => (Array.isArray(r) ? { requiresDist: r as readonly string[] } : (r as MemoryRelease));

/**
 * A catalog over a table in memory (as pubgrub's OfflineDependencyProvider): the releases and
 * metadata are the table's, an unknown project or version is not-found. For tests and examples.
 */
export function memoryCatalog(table: MemoryTable, options: MemoryCatalogOptions = {}): Catalog {
  const offline = new Set(options.offline ?? []);
  return {
    async versions(name): Promise<CatalogOutcome<readonly CandidateInfo[]>> {
      if (offline.has(name)) return { kind: "offline", reason: `cannot reach the index for ${name}` };
      const project = table[name];
      if (project === undefined) return { kind: "not-found", name };
      return found(Object.entries(project).map(([version, r]): CandidateInfo => {
        const release = releaseOf(r);
        return { version, requiresPython: release.requiresPython ?? null, yanked: release.yanked ?? false, yankedReason: null, uploadTime: null, hashes: {} };
      }));
    },
    async metadata(name, version): Promise<CatalogOutcome<CandidateMetadata>> {
      const r = table[name]?.[version];
      if (r === undefined) return { kind: "not-found", name, version };
      const release = releaseOf(r);
      if (release.invalid !== undefined) return { kind: "invalid-metadata", name, version, reason: release.invalid };
      return found({ requiresDist: release.requiresDist ?? [], requiresPython: release.requiresPython ?? null, providesExtra: release.providesExtra ?? [] });
    },
  };
}
