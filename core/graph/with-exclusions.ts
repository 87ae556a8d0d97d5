import { type CompiledGraph, Exclusion } from "./compiled-graph.js";
import { graphHash } from "./serialize.js";

/**
 * The same graph with more candidates excluded: `reason[c]` (Exclusion.None: unchanged) applies to
 * candidates still usable; domains are rebuilt (appended to the bitset pool) and the hash is
 * recomputed. Every other field is shared with `g`.
 */
export function withExclusions(g: CompiledGraph, reason: Uint8Array): CompiledGraph {
  const exclusion = g.exclusion.slice();
  let changed = false;
  for (let c = 0; c < g.candidateCount; c++) {
    if (reason[c] !== Exclusion.None && exclusion[c] === Exclusion.None) {
      exclusion[c] = reason[c];
      changed = true;
    }
  }
  if (!changed) return g;
  let words = 0;
  for (let p = 0; p < g.packageCount; p++) words += g.maskWords[p];
  const masks = new Uint32Array(g.masks.length + words);
  masks.set(g.masks);
  const domainMask = new Int32Array(g.packageCount);
  for (let p = 0, at = g.masks.length; p < g.packageCount; at += g.maskWords[p], p++) {
    domainMask[p] = at;
    for (let v = 0, n = g.versionStart[p + 1] - g.versionStart[p]; v < n; v++) {
      if (exclusion[g.versionStart[p] + v] === Exclusion.None) masks[at + (v >>> 5)] |= 1 << (v & 31);
    }
  }
  const { hash: _old, ...rest } = g;
  const body = { ...rest, exclusion, domainMask, masks };
  return { ...body, hash: graphHash(body) };
}
