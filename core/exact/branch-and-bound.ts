import { type CompiledGraph, Exclusion, ROOT, hasBit } from "../graph/compiled-graph.js";
import type { ScoredStack } from "../predictor/predictor.js";
import { createTopK } from "../predictor/top-k.js";
import { highestScoreFirst } from "../resolver/preference.js";
import { solve } from "../resolver/solve.js";
import { PIN_OK, type State, createState, isAllowed, nextUnresolved, pin, popcount, propagateUnits, undoTo } from "../state/state.js";
import { createDagBound } from "./dag-bound.js";
import { createRelaxedStack } from "./relaxed-stack.js";
import { type ExactRules, createRulesBound } from "./rules-bound.js";
import { createMultiplierTuner as tuner } from "./tune-multipliers.js";

export interface ExactOptions {
  /** How many distinct best stacks to prove (default 1). */
  readonly topK?: number;
  /** Stop with status "limit" after this many nodes (pins tried); default no limit. */
  readonly maxNodes?: number;
  /** Known stacks (pins per package) to start from, e.g. a predictor's top; invalid ones are ignored. */
  readonly incumbents?: readonly Int32Array[];
  /** Start from the resolver's stack with the highest-score-first preference (default true). */
  readonly greedyStart?: boolean;
  /** Asked every 64 nodes: true stops the search there with status "limit" (a deadline, a cancellation). */
  readonly shouldStop?: () => boolean;
  /**
   * State-dependent rules: scores become product scores and stacks they reject are no stacks; a
   * stack whose judgement asks for an eager stop ends the search (status "limit", the stack kept).
   */
  readonly rules?: ExactRules;
  /** Rounds of multiplier tuning at the root (default 2; 0 leaves every multiplier at Infinity). */
  readonly tunePasses?: number;
}

export interface ExactStats {
  /** Pins tried by the search (forced pins of unit propagation not counted). */
  nodes: number;
  /** Subtrees cut by the bound. */
  pruned: number;
  /** Subtrees that were dead ends. */
  deadEnds: number;
  /** Stacks reached (final states and relaxed solutions that were stacks), the rules' rejected ones included. */
  stacks: number;
}

/** Where a stepped exact search stands: its statistics and the best score found (-Infinity: none yet). */
export interface ExactProgress {
  readonly stats: Readonly<ExactStats>;
  readonly best: number;
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

/** At most this many bounds for tuning the multipliers at the root (a few hundred milliseconds on a large graph). */
const TUNING_EVALUATIONS = 1000;

/**
 * Branch and bound for the maximum-score stacks, depth first (docs/glossary.md: exact search).
 *
 * At each node unit propagation narrows the state and the bound is the DAG relaxation of
 * createDagBound (its multipliers tuned once at the root), which with `rules` also covers what
 * they may still add (createRulesBound: credits per candidate, and the rest); a node whose bound
 * does not beat the K-th best stack found is cut. The relaxation's solution is walked: when it is
 * a stack it is offered (the node is then done once its bound no longer beats the K-th best);
 * otherwise, or when the bound still beats it, the search branches where the relaxation is
 * wrong: an edge it breaks, else a package it counts beyond its worth, else a rule still
 * undecided, else the required package that most packages may depend on. Children are pinned
 * once to compute their bound and searched best first. It starts from the given incumbents and
 * the resolver's highest-score-first stack. A node is one pin tried.
 *
 * Scores are product scores: the static score, plus with `rules` what they add; a stack the rules
 * reject is no stack. At the end the top K are proven; at a limit, the incumbent and a proven
 * upper bound.
 */
export function branchAndBound(graph: CompiledGraph, options: ExactOptions = {}): ExactResult {
  const steps = exactSteps(graph, options);
  for (;;) {
    const next = steps.next();
    if (next.done === true) return next.value;
  }
}

/** Nodes between two yields of exactSteps. */
export const EXACT_STEP_NODES = 32;

/**
 * The branch and bound of branchAndBound as steps: the generator yields every EXACT_STEP_NODES
 * nodes (with the statistics so far) and returns the result, so a caller may give the event loop
 * a turn between steps (a progress line, Ctrl-C, other requests) and stop it through
 * `shouldStop`. Run to its end it is branchAndBound.
 */
export function* exactSteps(graph: CompiledGraph, options: ExactOptions = {}): Generator<ExactProgress, ExactResult, void> {
  const g = graph;
  const P = g.packageCount;
  const K = Math.max(1, options.topK ?? 1);
  const maxNodes = options.maxNodes ?? Infinity;
  let told = false;
  /** The node budget is spent, or the caller (asked every 1,024 nodes) or a unit's eager stop said stop (sticky once true). */
  const outOfNodes = () => {
    if (!told && options.shouldStop !== undefined && (stats.nodes & 63) === 0) told = options.shouldStop();
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
  const rules = options.rules === undefined || options.rules.predicates.length === 0 ? null : createRulesBound(g, options.rules.predicates);
  const credit = rules === null ? undefined : new Float64Array(g.candidateCount);
  const dag = createDagBound(g, credit);
  const judge = options.rules?.judge;
  /** The product score of a stack with static score `score`, or null when the rules reject it. */
  const productScore = (pins: Int32Array, score: number): number | null => {
    if (judge === undefined) return score;
    const j = judge(pins);
    if (!j.accepted) return null;
    if (j.eagerStop !== undefined) told = true; // a unit asks to stop here: the search ends at its next step
    return score + j.score;
  };
  const offer = (pins: Int32Array, score: number): void => {
    stats.stacks++;
    const product = productScore(pins, score);
    if (product !== null) top.offerStack(product, pins);
  };
  const bound = (st: State): number => {
    const r = rules === null ? 0 : rules.bound(st, credit as Float64Array);
    return r === -Infinity ? r : dag.bound(st) + r;
  };
  const relaxed = createRelaxedStack(g);
  const choice = new Int32Array(P);
  const threshold = (): number => {
    const t = top.top();
    if (t.length < K) return -Infinity;
    const kth = t[K - 1].score;
    return kth + 1e-9 * (1 + Math.abs(kth));
  };

  // For the proven bound at a limit: the open levels of the depth-first search.
  const levels: { bound: number; kids: { v: number; b: number }[]; next: number }[] = [];
  let aborted = false;

  /** The package to branch on at a node whose bound is `b` (the relaxation is solved); -1 at a stack. */
  const branchAt = (b: number): number => {
    choice.fill(-1);
    dag.choose(choice);
    let p = relaxed.walk(s, choice);
    if (p === -1) {
      offer(relaxed.pins, relaxed.score);
      if (b <= threshold()) return -2;
      p = dag.excessBranch(relaxed.branchOf, (q) => popcount(s, q));
      if (p < 0 && rules !== null) {
        const q = rules.branch(s);
        p = q < 0 || (s.pins[q] < 0 && s.requiredBy[q] > 0) ? q : dag.branchUp(q, relaxed.branchOf, (x) => popcount(s, x));
      }
    }
    if (p < 0) {
      // The required unresolved package that the most packages in reach may depend on (a shared
      // dependency splits the rest), then the fewest allowed versions.
      let most = -1;
      let fewest = Infinity;
      for (let q = nextUnresolved(s, 0); q >= 0; q = nextUnresolved(s, q + 1)) {
        const d = dag.inDegree(q);
        const n = popcount(s, q);
        if (d > most || (d === most && n < fewest)) { most = d; fewest = n; p = q; }
      }
    }
    return p;
  };

  let stepAt = 0;
  const progress = (): ExactProgress => ({ stats, best: top.top()[0]?.score ?? -Infinity });
  function* search(): Generator<ExactProgress, void, void> {
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
    const p = s.unresolvedCount === 0 ? -1 : branchAt(b);
    if (p < 0) {
      if (p === -1) offer(s.pins, s.score);
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
      if (stats.nodes - stepAt >= EXACT_STEP_NODES) { stepAt = stats.nodes; yield progress(); }
    }
    kids.sort((x, y) => y.b - x.b);
    const level = { bound: b, kids, next: 0 };
    levels.push(level);
    for (; level.next < kids.length; level.next++) {
      if (kids[level.next].b <= threshold()) { stats.pruned += kids.length - level.next; break; }
      if (outOfNodes()) { aborted = true; return; }
      const m = s.depth;
      pin(s, p, kids[level.next].v);
      yield* search();
      if (aborted) { level.next++; return; }
      undoTo(s, m);
    }
    levels.pop();
    undoTo(s, mark);
  }

  // Starting incumbents: a good one early lets the bound cut from the first node.
  const starts: Int32Array[] = [...(options.incumbents ?? [])];
  if (options.greedyStart ?? true) {
    // Asks shouldStop like the search does: 10,000 conflicts can take seconds on a hard graph.
    const r = solve(g, { preference: highestScoreFirst, maxConflicts: 10_000, shouldStop: () => (told ||= options.shouldStop?.() ?? false) });
    if (r.status === "resolved") starts.push(r.pins);
  }
  for (const pins of starts) {
    const score = stackScore(g, pins);
    if (score === null) continue;
    const product = productScore(pins, score);
    if (product !== null) top.offerStack(product, pins);
  }
  // The multipliers, tuned once at the root (unless its bound already settles it), hold at every node.
  if (s.deadEnd < 0 && propagateUnits(s) === PIN_OK && bound(s) > threshold()) {
    const stop = () => (told ||= options.shouldStop?.() ?? false);
    tuner(g, dag).tune(s, options.tunePasses ?? 2, TUNING_EVALUATIONS, stop);
  }
  undoTo(s, 0);
  if (s.deadEnd < 0) yield* search();
  const t = top.top();
  if (!aborted) return { status: "optimal", optimum: t[0] ?? null, top: t, stats };
  // Unexplored: at each active level, its children from `next` on, sorted by their bounds.
  let upper = t.length > 0 ? t[0].score : -Infinity;
  // What is left of a level's subtree is below both the level's own bound and its next child's.
  for (const level of levels) if (level.next < level.kids.length) upper = Math.max(upper, Math.min(level.bound, level.kids[level.next].b));
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
