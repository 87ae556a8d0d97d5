import { branchAndBound } from "../exact/index.js";
import type { CompiledGraph } from "../graph/index.js";
import {
  createAnnealing, createHillClimbing, createLatest, createMcts, createRandomWalk, createTd, resolverStack, type Predictor,
} from "../predictor/index.js";

export const PREDICTOR_NAMES = ["auto", "mcts", "td", "annealing", "hill-climbing", "random-walk", "latest", "exact"] as const;
export type PredictorName = (typeof PREDICTOR_NAMES)[number];

/** The predictors that search by rollouts (`exact` runs branch and bound, `auto` is exact then a rollout predictor). */
export type RolloutPredictorName = Exclude<PredictorName, "exact" | "auto">;
export const ROLLOUT_PREDICTOR_NAMES: readonly RolloutPredictorName[] = PREDICTOR_NAMES.filter((n): n is RolloutPredictorName => n !== "exact" && n !== "auto");

/**
 * The rollout predictor `auto` hands the rest of the budget to when exact has not proven the
 * optimum within its share: mcts reached the reference on the most advise-suite instances at
 * 10,000 and 100,000 stacks (docs/benchmarks.md, Advise suite and The default predictor).
 */
export const AUTO_LEARNER: RolloutPredictorName = "mcts";

/**
 * The rollout-based predictor of a name (`exact` and `auto` are not: see adviseGraph). It scores
 * `starts` first; by default the resolver's newest-first stack, so its incumbent is never below
 * `latest`'s under the same objective (the same reward, stack rules included).
 */
export function createPredictor(name: RolloutPredictorName, graph: CompiledGraph, seed: number, topK: number, starts?: readonly Int32Array[], leafRollouts = 1): Predictor {
  const start = starts ?? [resolverStack(graph)].filter((s): s is Int32Array => s !== null);
  // leafRollouts: mcts and td only (the others plan whole stacks or single moves).
  const options = { seed, topK, starts: start, ...(leafRollouts === 1 ? {} : { leafRollouts }) };
  switch (name) {
    case "mcts": return createMcts(graph, options);
    case "td": return createTd(graph, options);
    case "annealing": return createAnnealing(graph, options);
    case "hill-climbing": return createHillClimbing(graph, options);
    case "random-walk": return createRandomWalk(options);
    case "latest": return createLatest(graph, options);
  }
}

export { branchAndBound };
