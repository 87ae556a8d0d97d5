import { buildGraph, type CompiledGraph, type EdgeInput, type PackageInput, ROOT } from "../graph/index.js";
import type { SolverGraph } from "../resolver/index.js";

/**
 * The CompiledGraph of what a lazy graph compiled so far, with the same package and version
 * numbers (so the solver's pins and incompatibilities read on it): every listed version, edges for
 * the compiled candidates only (the others have none, like excluded ones).
 */
export function lazySnapshot(g: SolverGraph, meta: Readonly<Record<string, unknown>>): CompiledGraph {
  const indicesAt = new Map<number, number[]>();
  const indices = (q: number, mask: number): number[] => {
    let known = indicesAt.get(mask);
    if (known === undefined) {
      known = [];
      for (let i = 0, n = g.versionStart[q + 1] - g.versionStart[q]; i < n; i++) if ((g.masks[mask + (i >>> 5)] & (1 << (i & 31))) !== 0) known.push(i);
      indicesAt.set(mask, known);
    }
    return known;
  };
  const edgesOf = (c: number): EdgeInput[] => {
    const out: EdgeInput[] = [];
    for (let e = g.edgeStart[c]; e < g.edgeEnd[c]; e++) {
      const q = g.edgeTarget[e];
      out.push({ target: g.names[q], allowed: [], indices: indices(q, g.edgeMask[e]), spec: g.specs[g.edgeSpec[e]] });
    }
    return out;
  };
  const packages: PackageInput[] = [];
  for (let p = 0; p < g.packageCount; p++) {
    if (p === ROOT) continue;
    const versions = [];
    for (let c = g.versionStart[p]; c < g.versionStart[p + 1]; c++) {
      versions.push({ version: g.versions[c], exclusion: g.exclusion[c], deps: edgesOf(c) });
    }
    packages.push(g.baseOf[p] === p ? { name: g.names[p], versions } : { name: g.names[p], base: g.names[g.baseOf[p]], versions });
  }
  return buildGraph({ root: edgesOf(g.versionStart[ROOT]), packages, meta });
}
