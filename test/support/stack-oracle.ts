/**
 * A naive checker of stacks for tests, independent of the code under test: every pinned candidate
 * is usable and every edge of it is satisfied by a pinned target; the root is pinned.
 */
import { Exclusion, hasBit, ROOT, type CompiledGraph } from "../../core/graph/index.js";

export function isStack(g: CompiledGraph, pins: Int32Array): boolean {
  if (pins[ROOT] !== 0) return false;
  for (let p = 0; p < g.packageCount; p++) {
    if (pins[p] < 0) continue;
    const c = g.versionStart[p] + pins[p];
    if (g.exclusion[c] !== Exclusion.None) return false;
    for (let e = g.edgeStart[c]; e < g.edgeStart[c + 1]; e++) {
      const q = g.edgeTarget[e];
      if (pins[q] < 0 || !hasBit(g.masks, g.edgeMask[e], pins[q])) return false;
    }
  }
  return true;
}

/** The sum of the static scores of the pinned candidates. */
export function scoreOf(g: CompiledGraph, pins: Int32Array): number {
  let s = 0;
  for (let p = 0; p < g.packageCount; p++) if (pins[p] >= 0) s += g.score[g.versionStart[p] + pins[p]];
  return s;
}
