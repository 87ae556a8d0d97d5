import { prefersStable } from "../compile/index.js";
import { type CompiledGraph, Exclusion, ROOT, withExclusions } from "../graph/index.js";
import { solve, solveInTurns, type SolveResult, type SolveTurns } from "../resolver/solve.js";
import { solverGraphOf } from "../resolver/solver-graph.js";
import { prereleaseBits } from "../resolver/stable-first.js";

/**
 * The graph a search (maat advise, maat count) works on. Under a policy with a stable preference
 * (if-necessary, explicit) the compiled graph keeps every prerelease a candidate, because the
 * resolver may need one; a search that saw them all would pick prereleases wherever they score
 * well. So a search sees a prerelease only where the policy may need it:
 *
 * 1. its package has no usable stable version;
 * 2. a requirement of a candidate the search can reach (the root, a usable stable version, or a
 *    prerelease kept by these rules) allows it and no usable stable version of its package;
 * 3. the resolver's own answer on the full graph uses it (a prerelease needed only once conflicts
 *    rule every stable version out), so the resolver's stack is always one the search can find.
 *
 * Every other prerelease is excluded as Exclusion.Prerelease. Under any other policy the graph is
 * returned as it is (those policies exclude prereleases when compiling).
 */
export function searchGraph(g: CompiledGraph): CompiledGraph {
  return prefersStable(g.meta.prereleases) ? keptPrereleases(g, solve(g)) : g;
}

/**
 * searchGraph for an advise: the resolver's run (rule 3) in turns, so the event loop runs during
 * it, and asking `shouldStop` (the advise's deadline, Ctrl-C); "stopped" when it said stop.
 */
export async function searchGraphInTurns(g: CompiledGraph, options: SolveTurns & { readonly shouldStop?: () => boolean }): Promise<CompiledGraph | "stopped"> {
  if (!prefersStable(g.meta.prereleases)) return g;
  const resolved = await solveInTurns(g, options);
  return resolved.status === "limit" ? "stopped" : keptPrereleases(g, resolved);
}

function keptPrereleases(g: CompiledGraph, resolved: SolveResult): CompiledGraph {
  const pre = prereleaseBits(solverGraphOf(g));
  const preOffset = new Int32Array(g.packageCount + 1);
  for (let p = 0; p < g.packageCount; p++) preOffset[p + 1] = preOffset[p] + g.maskWords[p];
  const isPre = (p: number, v: number) => (pre[preOffset[p] + (v >>> 5)] & (1 << (v & 31))) !== 0;
  const usable = (c: number) => g.exclusion[c] === Exclusion.None;
  const versions = (p: number) => g.versionStart[p + 1] - g.versionStart[p];

  // Per package: whether it has a usable stable version.
  const hasStable = new Uint8Array(g.packageCount);
  for (let p = 0; p < g.packageCount; p++) {
    for (let v = 0; v < versions(p); v++) if (usable(g.versionStart[p] + v) && !isPre(p, v)) hasStable[p] = 1;
  }
  const kept = new Uint8Array(g.candidateCount);
  const queue: number[] = [];
  const keep = (c: number) => {
    if (kept[c] === 0 && usable(c)) {
      kept[c] = 1;
      queue.push(c);
    }
  };
  for (let p = 0; p < g.packageCount; p++) {
    for (let v = 0; v < versions(p); v++) if (!isPre(p, v) || hasStable[p] === 0) keep(g.versionStart[p] + v);
  }
  keep(g.versionStart[ROOT]);
  if (resolved.status === "resolved") {
    for (let p = 0; p < g.packageCount; p++) if (resolved.pins[p] >= 0) keep(g.versionStart[p] + resolved.pins[p]);
  }
  while (queue.length > 0) {
    const c = queue.pop()!;
    for (let e = g.edgeStart[c]; e < g.edgeStart[c + 1]; e++) {
      const q = g.edgeTarget[e];
      const mask = g.edgeMask[e];
      let stableAllowed = false;
      for (let v = 0; v < versions(q) && !stableAllowed; v++) {
        stableAllowed = (g.masks[mask + (v >>> 5)] & (1 << (v & 31))) !== 0 && !isPre(q, v) && usable(g.versionStart[q] + v);
      }
      if (stableAllowed) continue;
      for (let v = 0; v < versions(q); v++) if ((g.masks[mask + (v >>> 5)] & (1 << (v & 31))) !== 0) keep(g.versionStart[q] + v);
    }
  }
  const reason = new Uint8Array(g.candidateCount);
  for (let c = 0; c < g.candidateCount; c++) if (kept[c] === 0 && usable(c)) reason[c] = Exclusion.Prerelease;
  return withExclusions(g, reason);
}
