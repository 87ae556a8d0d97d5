/** What a preference may read of the graph (a CompiledGraph, or the solver's view of one compiled on demand). */
export interface PreferenceGraph {
  readonly maskWords: Int32Array;
  readonly versionStart: Int32Array;
  readonly score: Float64Array;
}

/**
 * Which version the solver tries first for a package: `choose` returns a version index whose bit
 * is set in allowed[offset .. offset + graph.maskWords[p]), or -1 to refuse them all (the solver
 * then learns that no version of that set can be used). Must be deterministic and should not
 * allocate.
 */
export interface VersionPreference {
  readonly name: string;
  choose(graph: PreferenceGraph, p: number, allowed: Uint32Array, offset: number): number;
}

/** The newest allowed version (pip's and uv's default). */
export const newestFirst: VersionPreference = {
  name: "newest",
  choose(graph, p, allowed, offset) {
    for (let w = 0, n = graph.maskWords[p]; w < n; w++) {
      const word = allowed[offset + w];
      if (word !== 0) return (w << 5) + (31 - Math.clz32(word & -word));
    }
    return -1;
  },
};

/** The allowed version with the highest static score (graph.score), newest among equals. */
export const highestScoreFirst: VersionPreference = {
  name: "score",
  choose(graph, p, allowed, offset) {
    let best = -1;
    let bestScore = -Infinity;
    const start = graph.versionStart[p];
    for (let w = 0, n = graph.maskWords[p]; w < n; w++) {
      let word = allowed[offset + w];
      while (word !== 0) {
        const low = word & -word;
        const v = (w << 5) + (31 - Math.clz32(low));
        word ^= low;
        const s = graph.score[start + v];
        if (s > bestScore) {
          bestScore = s;
          best = v;
        }
      }
    }
    return best;
  },
};

/** Prefers the given version index per package (e.g. from a lock file) when allowed, else `fallback`. */
export function preferVersions(preferred: ReadonlyMap<number, number>, fallback: VersionPreference = newestFirst): VersionPreference {
  return {
    name: `prefer(${fallback.name})`,
    choose(graph, p, allowed, offset) {
      const v = preferred.get(p);
      if (v !== undefined && v >= 0 && (allowed[offset + (v >>> 5)] & (1 << (v & 31))) !== 0) return v;
      return fallback.choose(graph, p, allowed, offset);
    },
  };
}
