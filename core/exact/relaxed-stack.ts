import { type CompiledGraph, ROOT } from "../graph/compiled-graph.js";
import { type State, popcount } from "../state/state.js";

/** What the relaxation's solution is worth below a state (see createRelaxedStack). */
export interface RelaxedStack {
  /**
   * Walks the relaxation's solution (`choice`, see DagBound.choose) from the root through the
   * state's pins. Returns -1 when every edge met is satisfied: the installed packages are then a
   * stack below the state, in `pins` (-1: not installed) with its `score`. Otherwise returns the
   * package to branch on: of the broken edges met, the unresolved package (the target, or the
   * first unresolved package on the path to the source) with the fewest allowed versions, or
   * -2 when an edge is broken and no package qualifies (not expected: pinned packages' edges hold).
   */
  walk(state: State, choice: Int32Array): number;
  readonly pins: Int32Array;
  /** After a walk: for a package reached, the first unresolved package on the path that reached it (itself when unresolved), -1 when only pins lead to it or it was not reached. */
  branchOf(p: number): number;
  /** The score of `pins` after a walk that returned -1. */
  readonly score: number;
}

export function createRelaxedStack(graph: CompiledGraph): RelaxedStack {
  const g = graph;
  const P = g.packageCount;
  const pins = new Int32Array(P);
  const queue = new Int32Array(P);
  /** Per reached package: the first unresolved package on the path that reached it (itself when unresolved), -1 under pins only. */
  const branchOf = new Int32Array(P);
  let score = 0;

  const walk = (s: State, choice: Int32Array): number => {
    pins.fill(-1);
    pins[ROOT] = 0;
    branchOf[ROOT] = -1;
    queue[0] = ROOT;
    let m = 1;
    score = 0;
    let branch = -1;
    let fewest = Infinity;
    let broken = false;
    const consider = (q: number): void => {
      if (q < 0) return;
      const n = popcount(s, q);
      if (n < fewest) { fewest = n; branch = q; }
    };
    for (let h = 0; h < m; h++) {
      const p = queue[h];
      const c = g.versionStart[p] + pins[p];
      score += g.score[c];
      for (let e = g.edgeStart[c], end = g.edgeStart[c + 1]; e < end; e++) {
        const q = g.edgeTarget[e];
        const v = s.pins[q] >= 0 ? s.pins[q] : choice[q];
        if (v < 0 || (g.masks[g.edgeMask[e] + (v >>> 5)] & (1 << (v & 31))) === 0) {
          broken = true;
          consider(branchOf[p]);
          if (s.pins[q] < 0 && s.requiredBy[q] > 0) consider(q);
          continue;
        }
        if (pins[q] >= 0) continue;
        pins[q] = v;
        branchOf[q] = s.pins[q] >= 0 ? -1 : s.requiredBy[q] > 0 ? q : branchOf[p];
        queue[m++] = q;
      }
    }
    return !broken ? -1 : branch >= 0 ? branch : -2;
  };

  return {
    walk,
    pins,
    branchOf: (p) => (pins[p] >= 0 ? branchOf[p] : -1),
    get score() { return score; },
  };
}
