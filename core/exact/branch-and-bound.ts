import { type CompiledGraph, Exclusion, ROOT, hasBit } from "../graph/compiled-graph.js";
import type { ScoredStack } from "../predictor/predictor.js";
import { createTopK } from "../predictor/top-k.js";
import { highestScoreFirst } from "../resolver/preference.js";
import { solve } from "../resolver/solve.js";
import { createTreeBound } from "./tree-bound.js";
import { PIN_OK, createState, isAllowed, nextUnresolved, pin, popcount, propagateUnits, undoTo } from "../state/state.js";

export interface ExactOptions {
  /** How many distinct best stacks to prove (default 1). */
  readonly topK?: number;
  /** Stop with status "limit" after this many nodes (pins tried); default no limit. */
  readonly maxNodes?: number;
  /** Known stacks (pins per package) to start from, e.g. a predictor's top; invalid ones are ignored. */
  readonly incumbents?: readonly Int32Array[];
  /** Start from the resolver's stack with the highest-score-first preference (default true). */
  readonly greedyStart?: boolean;
  /** Asked every 1,024 nodes: true stops the search there with status "limit" (a deadline, a cancellation). */
  readonly shouldStop?: () => boolean;
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
 * Branch and bound for the maximum-score stacks, depth first. At each node unit propagation
 * narrows the state and the bound is the tree relaxation of createTreeBound (admissible). It
 * branches on the required unresolved package that most packages may depend on (then the fewest
 * allowed versions), children in order of their own bound, and cuts a subtree whose bound does
 * not beat the K-th best stack found, so at the end the top K are proven. It starts from the
 * given incumbents and the resolver's highest-score-first stack. A node is one pin tried
 * (children are pinned once to compute their bound).
 */
export function branchAndBound(graph: CompiledGraph, options: ExactOptions = {}): ExactResult {
  const g = graph;
  const P = g.packageCount;
  const K = Math.max(1, options.topK ?? 1);
  const maxNodes = options.maxNodes ?? Infinity;
  let told = false;
  /** The node budget is spent, or the caller said stop (asked every 1,024 nodes; sticky once true). */
  const outOfNodes = () => {
    if (!told && options.shouldStop !== undefined && (stats.nodes & 1023) === 0) told = options.shouldStop();
    return told || stats.nodes >= maxNodes;
  };
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
  const tree = createTreeBound(g);
  const bound = tree.bound;
  const threshold = (): number => {
    const t = top.top();
    if (t.length < K) return -Infinity;
    const kth = t[K - 1].score;
    return kth + 1e-9 * (1 + Math.abs(kth));
  };

  // For the proven bound at a limit: the open levels of the depth-first search.
  const levels: { bound: number; kids: { v: number; b: number }[]; next: number }[] = [];
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
    // Branch on the required unresolved package that the most packages that may be installed
    // depend on (a shared dependency splits the rest), then the fewest allowed versions.
    let p = -1;
    let most = -1;
    let fewest = Infinity;
    for (let q = nextUnresolved(s, 0); q >= 0; q = nextUnresolved(s, q + 1)) {
      const d = tree.inDegree(q);
      const n = popcount(s, q);
      if (d > most || (d === most && n < fewest)) { most = d; fewest = n; p = q; }
    }
    if (p < 0) {
      stats.stacks++;
      top.offerStack(s.score, s.pins);
      undoTo(s, mark);
      return;
    }
    // Children in order of their own bound (after the pin and unit propagation), best first;
    // dead children and those that cannot beat the K-th best are dropped now.
    const kids: { v: number; b: number }[] = [];
    const start = g.versionStart[p];
    for (let i = start, end = g.versionStart[p + 1]; i < end; i++) {
      const v = byScore[i];
      if (!isAllowed(s, p, v)) continue;
      if (outOfNodes()) { aborted = true; levels.push({ bound: b, kids: [{ v, b }], next: 0 }); return; }
      stats.nodes++;
      const m = s.depth;
      const cb = pin(s, p, v) === PIN_OK && propagateUnits(s) === PIN_OK ? bound(s) : -Infinity;
      undoTo(s, m);
      if (cb === -Infinity) stats.deadEnds++;
      else if (cb <= threshold()) stats.pruned++;
      else kids.push({ v, b: cb });
    }
    kids.sort((x, y) => y.b - x.b);
    const level = { bound: b, kids, next: 0 };
    levels.push(level);
    for (; level.next < kids.length; level.next++) {
      if (kids[level.next].b <= threshold()) { stats.pruned += kids.length - level.next; break; }
      if (outOfNodes()) { aborted = true; return; }
      const m = s.depth;
      pin(s, p, kids[level.next].v);
      search();
      if (aborted) { level.next++; return; }
      undoTo(s, m);
    }
    levels.pop();
    undoTo(s, mark);
  };

  // Starting incumbents: a good one early lets the bound cut from the first node.
  const starts: Int32Array[] = [...(options.incumbents ?? [])];
  if (options.greedyStart ?? true) {
    const r = solve(g, { preference: highestScoreFirst, maxConflicts: 10_000 });
    if (r.status === "resolved") starts.push(r.pins);
  }
  for (const pins of starts) {
    const score = stackScore(g, pins);
    if (score !== null) top.offerStack(score, pins);
  }
  if (s.deadEnd < 0) search();
  const t = top.top();
  if (!aborted) return { status: "optimal", optimum: t[0] ?? null, top: t, stats };
  // Unexplored: at each active level, its children from `next` on, sorted by their bounds.
  let upper = t.length > 0 ? t[0].score : -Infinity;
  for (const level of levels) if (level.next < level.kids.length) upper = Math.max(upper, level.kids[level.next].b);
  const incumbent = t[0] ?? null;
  return { status: "limit", incumbent, top: t, upperBound: upper, gap: incumbent === null ? Infinity : upper - incumbent.score, stats };
}

/** The score of `pins` when they are a stack (root pinned, usable candidates, every edge satisfied, nothing extra), else null. */
export function stackScore(g: CompiledGraph, pins: Int32Array): number | null {
  if (pins.length !== g.packageCount || pins[ROOT] !== 0) return null;
  // Installed = reached from the root through the edges of pinned candidates.
  const reached = new Uint8Array(g.packageCount);
  const queue = [ROOT];
  reached[ROOT] = 1;
  let score = 0;
  while (queue.length > 0) {
    const p = queue.pop() as number;
    if (pins[p] < 0 || pins[p] >= g.versionStart[p + 1] - g.versionStart[p]) return null;
    const c = g.versionStart[p] + pins[p];
    if (g.exclusion[c] !== Exclusion.None) return null;
    score += g.score[c];
    for (let e = g.edgeStart[c]; e < g.edgeStart[c + 1]; e++) {
      const q = g.edgeTarget[e];
      if (pins[q] < 0 || !hasBit(g.masks, g.edgeMask[e], pins[q])) return null;
      if (!reached[q]) { reached[q] = 1; queue.push(q); }
    }
  }
  for (let p = 0; p < g.packageCount; p++) if (pins[p] >= 0 && !reached[p]) return null;
  return score;
}
