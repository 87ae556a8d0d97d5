import type { ScoredStack } from "../predictor/index.js";
import type { Found } from "./found.js";

/**
 * Exact's share of an `auto` advise: at most this many branch-and-bound nodes per stack of the
 * budget (100,000 nodes for the default 10,000 stacks). Measured on the advise suite: every additive
 * instance proves within 5,000 nodes and most with stack rules within 5,000 (flask-today with
 * random pairwise terms needs 140,000-300,000); see docs/benchmarks.md, The default predictor.
 */
export const AUTO_EXACT_NODES_PER_STACK = 1;
/** Exact's share of the time left when the advise has a deadline; the learner gets the rest. */
export const AUTO_EXACT_TIME_SHARE = 0.5;

/** The two phases of `auto`, as adviseGraph runs them. */
export interface AutoPhases {
  readonly budget: number;
  readonly now: () => number;
  /** The advise's deadline (same clock as `now`), if any. */
  readonly deadline?: number;
  /** Branch and bound with at most `maxNodes` nodes and `deadline` (exact's share), over the product score. */
  exact(limits: { readonly maxNodes: number; readonly deadline?: number }): Promise<Found>;
  /** A rollout search of `budget` stacks whose first stacks are `starts`; `offset` stacks were scored before it. */
  learn(budget: number, starts: readonly Int32Array[], offset: number): Promise<Found>;
  /** The learner's name (AUTO_LEARNER). */
  readonly learner: string;
  /** Told when the learner takes over. */
  readonly onLearn?: () => void;
}

/**
 * The default predictor, `auto`: branch and bound first, with a share of the budget (nodes) and of
 * the time; when it proves the optimum (or that there is no stack) that is the answer. Otherwise
 * (its share spent, or stack rules too costly to settle) its incumbent and top stacks seed the
 * learner, which gets the rest of the budget and of the time; the report keeps exact's proven
 * upper bound, so the gap of the learner's best stack is proven too. An interrupt, an eager stop
 * or the advise's own deadline during the proof ends the advise with what exact found.
 */
export async function autoSearch(phases: AutoPhases): Promise<Found> {
  const t0 = phases.now();
  const share = phases.deadline === undefined ? undefined : t0 + AUTO_EXACT_TIME_SHARE * Math.max(0, phases.deadline - t0);
  const proof = await phases.exact({ maxNodes: phases.budget * AUTO_EXACT_NODES_PER_STACK, deadline: share });
  const handOver = proof.stopped === "budget" || (proof.stopped === "timeout" && (phases.deadline === undefined || phases.now() < phases.deadline));
  if (!handOver) return { ...proof, stopped: proof.stopped === "timeout" ? "timeout" : proof.stopped, learner: null };
  phases.onLearn?.();
  const rest = Math.max(1, phases.budget - proof.stacks);
  const learned = await phases.learn(rest, proof.top.map((s) => s.pins), proof.stacks);
  const top = mergeTop(proof.top, learned.top);
  const best = top[0]?.score;
  const bound = proof.upperBound ?? null;
  const gap = bound === null || best === undefined ? null : Math.max(0, bound - best);
  const learnedBest = learned.top[0]?.score ?? -Infinity;
  const bestAt = best !== undefined && learnedBest >= best ? proof.stacks + learned.bestAt : proof.bestAt;
  return {
    top, stacks: proof.stacks + learned.stacks, deadEnds: proof.deadEnds + learned.deadEnds, bestAt,
    optimal: gap !== null && gap <= 1e-9 * (1 + Math.abs(bound ?? 0)), gap, stopped: learned.stopped,
    upperBound: bound, nodes: proof.nodes, learner: phases.learner,
  };
}

/** The stacks of both lists, best first, each distinct stack once (its higher score kept). */
function mergeTop(a: readonly ScoredStack[], b: readonly ScoredStack[]): ScoredStack[] {
  const byKey = new Map<string, ScoredStack>();
  for (const s of [...a, ...b]) {
    const key = s.pins.join(",");
    const known = byKey.get(key);
    if (known === undefined || s.score > known.score) byKey.set(key, s);
  }
  return [...byKey.values()].sort((x, y) => y.score - x.score);
}
