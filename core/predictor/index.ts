/**
 * Predictors (glossary): random-walk, hill-climbing, annealing, td, mcts and latest, all with the
 * same two calls (planBatch, absorb) over plain data, and the search driver that runs them on a
 * rollout runner within a budget of stacks scored.
 *
 * Every predictor scores its start stacks first (`starts`: the advise passes the resolver's
 * newest-first stack, resolverStack). The learning ones use what the graph knows from the first
 * rollout (informedValues: static scores plus what dependencies imply, on each package's scale):
 * MCTS as priors and rollout policy, TD as initial values and per-package temperatures, hill
 * climbing and annealing through informed local moves (createInformedMoves), which MCTS and TD
 * also spend a share of their batches on (createPolish).
 *
 * ```ts
 * const report = await runSearch(createMcts(graph, { seed: 1, starts: [resolverStack(graph)!] }), { budget: 10_000, runner: createInProcessRunner(graph) });
 * report.incumbent; report.top; report.stacks; report.deadEnds;
 * ```
 */
export type { Predictor, PredictorOptions, ScoredStack } from "./predictor.js";
export { createTopK, type TopK } from "./top-k.js";
export { createRandomWalk } from "./random-walk.js";
export { createLatest } from "./latest.js";
export { createHillClimbing, type HillClimbingOptions } from "./hill-climbing.js";
export { createAnnealing, type AnnealingOptions } from "./annealing.js";
export { createTd, type TdOptions } from "./td.js";
export { createMcts, type MctsOptions } from "./mcts.js";
export { createStartStacks, resolverStack, type StartStacks } from "./start-stacks.js";
export { informedValues, type InformedValues } from "./informed-values.js";
export { createInformedMoves, type InformedMoves, type Move, type MoveBase } from "./informed-moves.js";
export { createPolish, type Polish } from "./polish.js";
export { runSearch, bestWithin, MAX_IN_FLIGHT, type SearchOptions, type SearchReport } from "./run-search.js";
