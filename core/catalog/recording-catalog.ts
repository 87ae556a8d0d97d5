import type { CandidateInfo, Catalog } from "./catalog.js";

/**
 * A catalog that remembers the releases it served: the compiler lists a package's releases
 * before it asks the sieve and score hooks about any of them, so `releases(name)` gives the
 * pipeline every release of the package when the hooks run (for per-package normalization).
 */
export interface RecordingCatalog extends Catalog {
  releases(name: string): readonly CandidateInfo[] | undefined;
}

export function recordingCatalog(inner: Catalog): RecordingCatalog {
  const seen = new Map<string, readonly CandidateInfo[]>();
  return {
    async versions(name) {
      const r = await inner.versions(name);
      if (r.kind === "found") seen.set(name, r.value);
      return r;
    },
    metadata: (name, version) => inner.metadata(name, version),
    releases: (name) => seen.get(name),
  };
}
