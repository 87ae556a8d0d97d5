/**
 * The exact predictor: branch and bound for the maximum-score stacks with an admissible bound,
 * returning the proven optimum and top K, or at a node budget the incumbent and the proven gap.
 *
 * ```ts
 * const r = branchAndBound(graph, { topK: 5, maxNodes: 1e6 });
 * if (r.status === "optimal") r.optimum; else r.gap;
 * ```
 */
export { branchAndBound, stackScore, type ExactOptions, type ExactResult, type ExactStats } from "./branch-and-bound.js";
