/**
 * The exact predictor: branch and bound for the maximum-score stacks on the DAG relaxation
 * (docs/glossary.md: exact search), returning the proven optimum and top K, or at a limit the
 * incumbent, a proven upper bound and the gap. With state-dependent rules the scores are product
 * scores and the bound covers what the rules may add.
 *
 * ```ts
 * const r = branchAndBound(graph, { topK: 5, maxNodes: 1e6, rules: { predicates, judge } });
 * if (r.status === "optimal") r.optimum; else r.gap;
 * ```
 */
export {
  EXACT_STEP_NODES, branchAndBound, exactSteps, stackScore, type ExactOptions, type ExactProgress, type ExactResult, type ExactStats,
} from "./branch-and-bound.js";
export type { ExactRules } from "./rules-bound.js";
export { exactInTurns, type TurnOptions } from "./exact-in-turns.js";
