import { type CompiledGraph, ROOT, hasBit } from "../graph/compiled-graph.js";

/**
 * A local move from a stack: one installed package (not the root) gets another version of its
 * initial domain; the rest is kept where still allowed (the rollout's `prefer` policy repairs the
 * stack). Returns the preferred versions, or null when no package has a second version.
 */
export function localMove(graph: CompiledGraph, pins: Int32Array, random: () => number): Int32Array | null {
  const g = graph;
  let movable = 0;
  for (let p = 0; p < g.packageCount; p++) if (p !== ROOT && pins[p] >= 0 && domainSize(g, p) > 1) movable++;
  if (movable === 0) return null;
  let k = Math.floor(random() * movable);
  let target = -1;
  for (let p = 0; p < g.packageCount && target < 0; p++) if (p !== ROOT && pins[p] >= 0 && domainSize(g, p) > 1 && k-- === 0) target = p;
  const n = domainSize(g, target);
  let j = Math.floor(random() * (n - 1));
  let v = -1;
  for (let i = 0, count = g.versionStart[target + 1] - g.versionStart[target]; i < count; i++) {
    if (i === pins[target] || !hasBit(g.masks, g.domainMask[target], i)) continue;
    if (j-- === 0) { v = i; break; }
  }
  const out = pins.slice();
  out[target] = v;
  return out;
}

function domainSize(g: CompiledGraph, p: number): number {
  let n = 0;
  for (let i = 0, count = g.versionStart[p + 1] - g.versionStart[p]; i < count; i++) if (hasBit(g.masks, g.domainMask[p], i)) n++;
  return n;
}
