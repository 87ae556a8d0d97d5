import type { CompiledGraph } from "../graph/compiled-graph.js";
import type { ScoredStack } from "../predictor/predictor.js";
import { createTopK } from "../predictor/top-k.js";
import { PIN_OK, type State, createState, isAllowed, nextAllowed, nextUnresolved, pin, popcount, propagateUnits, undoTo } from "../state/state.js";

export interface ExactOptions {
  /** How many distinct best stacks to prove (default 1). */
  readonly topK?: number;
  /** Stop with status "limit" after this many nodes (pins tried); default no limit. */
  readonly maxNodes?: number;
}

export interface ExactStats {
  /** Pins tried by the search (forced pins of unit propagation not counted). */
  nodes: number;
  /** Subtrees cut by the bound. */
  pruned: number;
  /** Subtrees that were dead ends. */
  deadEnds: number;
  /** Stacks reached. */
  stacks: number;
}

export type ExactResult =
  | {
      /** The search finished: `top` holds the K best stacks (empty when there is no stack). */
      readonly status: "optimal";
      readonly optimum: ScoredStack | null;
      readonly top: readonly ScoredStack[];
      readonly stats: ExactStats;
    }
  | {
      /** The node budget ran out: the incumbent and a proven upper bound on the optimum. */
      readonly status: "limit";
      readonly incumbent: ScoredStack | null;
      readonly top: readonly ScoredStack[];
      /** No stack scores more than this. */
      readonly upperBound: number;
      /** upperBound - incumbent score (Infinity without an incumbent). */
      readonly gap: number;
      readonly stats: ExactStats;
    };

/**
 * Branch and bound for the maximum-score stacks. Depth first; at each node unit propagation
 * narrows the state, then the bound is the score so far plus, per unpinned package, the best
 * score among its allowed versions (required packages) or max(0, that best) (packages that might
 * not be installed: those an allowed version of a package that may be installed depends on;
 * the others contribute nothing). It branches on the first required unresolved package with a version that
 * depends on an unpinned package (else on the fewest allowed versions), best-scored version first, and cuts a subtree whose bound does not beat the K-th best
 * stack found. Admissible, so at the end the top K are proven.
 */
export function branchAndBound(graph: CompiledGraph, options: ExactOptions = {}): ExactResult {
  const g = graph;
  const P = g.packageCount;
  const K = Math.max(1, options.topK ?? 1);
  const maxNodes = options.maxNodes ?? Infinity;
  const top = createTopK(K);
  const stats: ExactStats = { nodes: 0, pruned: 0, deadEnds: 0, stacks: 0 };
  const s = createState(g);

  // Per package, version indices by descending score (ties: newest first).
  const byScore = new Int32Array(g.candidateCount);
  for (let p = 0; p < P; p++) {
    const start = g.versionStart[p];
    const n = g.versionStart[p + 1] - start;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => g.score[start + b] - g.score[start + a] || a - b);
    for (let i = 0; i < n; i++) byScore[start + i] = order[i];
  }
  /** The best score among allowed versions of p, or -Infinity. */
  const bestAllowed = (st: State, p: number): number => {
    const start = g.versionStart[p];
    for (let i = start, end = g.versionStart[p + 1]; i < end; i++) if (isAllowed(st, p, byScore[i])) return g.score[start + byScore[i]];
    return -Infinity;
  };
  // Packages that may still be installed: the required unresolved ones and what their allowed
  // versions may pull in (a breadth-first closure over edges of allowed candidates).
  const reach = new Int32Array(P);
  const inReach = new Int32Array(P);
  const parentEpoch = new Int32Array(P);
  const parentOf = new Int32Array(P);
  const multi = new Uint8Array(P);
  const chargeHead = new Int32Array(P);
  const chargeNext = new Int32Array(P);
  /** Per package in reach: its term of the plain bound (best, or max(0, best) when not required). */
  const term = new Float64Array(P);
  let epoch = 0;
  /** The best score of an allowed version of q inside the edge mask at `m`, or -Infinity. */
  const bestMasked = (st: State, q: number, m: number): number => {
    const start = g.versionStart[q];
    for (let i = start, end = g.versionStart[q + 1]; i < end; i++) {
      const v = byScore[i];
      if (isAllowed(st, q, v) && (g.masks[m + (v >>> 5)] & (1 << (v & 31))) !== 0) return g.score[start + v];
    }
    return -Infinity;
  };
  /**
   * The plain bound is the score so far plus `term` over the packages in reach. It is tightened
   * by charging each package q that is not required to the first package a that may pull it in,
   * when a is required: a's term becomes the best over its allowed versions v of score(a, v) plus,
   * per q charged to a, (best of q inside v's edge mask) - term(q) when v depends on q, and
   * -term(q) when it does not and a is the only package that may pull q in (q is then not
   * installed). Required packages are never charged and each q at most once: admissible.
   */
  const bound = (st: State): number => {
    let b = st.score;
    epoch++;
    let n = 0;
    for (let p = nextUnresolved(st, 0); p >= 0; p = nextUnresolved(st, p + 1)) {
      const best = bestAllowed(st, p);
      if (best === -Infinity) return -Infinity;
      b += best;
      term[p] = best;
      inReach[p] = epoch;
      chargeHead[p] = -1;
      reach[n++] = p;
    }
    const required = n;
    for (let h = 0; h < n; h++) {
      const a = reach[h];
      const start = g.versionStart[a];
      for (let v = nextAllowed(st, a, 0); v >= 0; v = nextAllowed(st, a, v + 1)) {
        for (let e = g.edgeStart[start + v], end = g.edgeStart[start + v + 1]; e < end; e++) {
          const q = g.edgeTarget[e];
          if (st.pins[q] >= 0 || q === a) continue;
          if (parentEpoch[q] !== epoch) {
            parentEpoch[q] = epoch;
            parentOf[q] = a;
            multi[q] = 0;
          } else if (parentOf[q] !== a) multi[q] = 1;
          if (inReach[q] === epoch) continue;
          inReach[q] = epoch;
          reach[n++] = q;
          // Not required yet: it may stay uninstalled.
          const best = bestAllowed(st, q);
          term[q] = best > 0 ? best : 0;
          b += term[q];
        }
      }
    }
    for (let h = required; h < n; h++) {
      const q = reach[h];
      const a = parentOf[q];
      if (st.requiredBy[a] === 0) continue;
      chargeNext[q] = chargeHead[a];
      chargeHead[a] = q;
    }
    for (let h = 0; h < required; h++) {
      const a = reach[h];
      if (chargeHead[a] < 0) continue;
      const start = g.versionStart[a];
      let best = -Infinity;
      for (let v = nextAllowed(st, a, 0); v >= 0; v = nextAllowed(st, a, v + 1)) {
        let value = g.score[start + v];
        const c = start + v;
        for (let q = chargeHead[a]; q >= 0 && value > best; q = chargeNext[q]) {
          let e = g.edgeStart[c];
          const end = g.edgeStart[c + 1];
          while (e < end && g.edgeTarget[e] !== q) e++;
          if (e < end) value += bestMasked(st, q, g.edgeMask[e]) - term[q];
          else if (multi[q] === 0) value -= term[q];
        }
        if (value > best) best = value;
      }
      if (best === -Infinity) return -Infinity;
      b += best - term[a];
    }
    return b;
  };
  const hasOpenEdges = (st: State, a: number): boolean => {
    const start = g.versionStart[a];
    for (let v = nextAllowed(st, a, 0); v >= 0; v = nextAllowed(st, a, v + 1)) {
      for (let e = g.edgeStart[start + v], end = g.edgeStart[start + v + 1]; e < end; e++) if (st.pins[g.edgeTarget[e]] < 0) return true;
    }
    return false;
  };
  const threshold = (): number => {
    const t = top.top();
    if (t.length < K) return -Infinity;
    const kth = t[K - 1].score;
    return kth + 1e-9 * (1 + Math.abs(kth));
  };

  // For the proven bound at a limit: per active level, its bound, package and the next version's rank.
  const levelBound: number[] = [];
  const levelPackage: number[] = [];
  const levelRank: number[] = [];
  let aborted = false;

  const search = (): void => {
    const mark = s.depth;
    if (propagateUnits(s) !== PIN_OK) {
      stats.deadEnds++;
      undoTo(s, mark);
      return;
    }
    const b = bound(s);
    if (b === -Infinity) {
      stats.deadEnds++;
      undoTo(s, mark);
      return;
    }
    if (b <= threshold()) {
      stats.pruned++;
      undoTo(s, mark);
      return;
    }
    // Branch on the first required unresolved package (in graph order: dependents before their
    // dependencies) that has an allowed version depending on an unpinned package; packages
    // without such versions are independent of each other and their bound is exact.
    let p = -1;
    let fewest = Infinity;
    for (let q = nextUnresolved(s, 0); q >= 0; q = nextUnresolved(s, q + 1)) {
      if (hasOpenEdges(s, q)) { p = q; break; }
      const n = popcount(s, q);
      if (n < fewest) { fewest = n; p = q; }
    }
    if (p < 0) {
      stats.stacks++;
      top.offerStack(s.score, s.pins);
      undoTo(s, mark);
      return;
    }
    const level = levelBound.length;
    levelBound.push(b);
    levelPackage.push(p);
    levelRank.push(0);
    const start = g.versionStart[p];
    for (let i = start, end = g.versionStart[p + 1]; i < end; i++) {
      const v = byScore[i];
      if (!isAllowed(s, p, v)) continue;
      if (stats.nodes >= maxNodes) { aborted = true; levelRank[level] = i; return; }
      stats.nodes++;
      const m = s.depth;
      if (pin(s, p, v) === PIN_OK) search();
      else stats.deadEnds++;
      if (aborted) { levelRank[level] = i + 1; return; }
      undoTo(s, m);
    }
    levelBound.pop();
    levelPackage.pop();
    levelRank.pop();
    undoTo(s, mark);
  };

  if (s.deadEnd < 0) search();
  const t = top.top();
  if (!aborted) return { status: "optimal", optimum: t[0] ?? null, top: t, stats };
  // Unexplored: at each active level, the versions of its package from levelRank on; the level's
  // bound covers them.
  let upper = t.length > 0 ? t[0].score : -Infinity;
  for (let level = 0; level < levelBound.length; level++) {
    if (levelRank[level] < g.versionStart[levelPackage[level] + 1]) upper = Math.max(upper, levelBound[level]);
  }
  const incumbent = t[0] ?? null;
  return { status: "limit", incumbent, top: t, upperBound: upper, gap: incumbent === null ? Infinity : upper - incumbent.score, stats };
}
