/**
 * Predictors (glossary): random-walk, hill-climbing, annealing, td, mcts and latest, all with the
 * same two calls (planBatch, absorb) over plain data, and the search driver that runs them on a
 * rollout runner within a budget of stacks scored.
 *
 * ```ts
 * const report = await runSearch(createMcts(graph, { seed: 1 }), { budget: 10_000, runner: createInProcessRunner(graph) });
 * report.incumbent; report.top; report.stacks; report.deadEnds;
 * ```
 */
export type { Predictor, PredictorOptions, ScoredStack } from "./predictor.js";
export { createTopK, type TopK } from "./top-k.js";
export { requestSeed } from "./request-seed.js";
export { createRandomWalk } from "./random-walk.js";
export { createLatest } from "./latest.js";
export { createHillClimbing, type HillClimbingOptions } from "./hill-climbing.js";
export { createAnnealing, type AnnealingOptions } from "./annealing.js";
export { createTd, type TdOptions } from "./td.js";
export { createMcts, type MctsOptions } from "./mcts.js";
export { createStartStacks, resolverStack, type StartStacks } from "./start-stacks.js";
export { runSearch, bestWithin, type SearchOptions, type SearchReport } from "./run-search.js";
