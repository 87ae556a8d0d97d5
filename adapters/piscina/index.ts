/**
 * The Piscina thread pool that runs batches of rollout requests: graphs shared with the threads
 * in a SharedArrayBuffer (shareGraph, shareGraphBytes) and decoded once per thread, the pool
 * (RolloutPool) and the RolloutRunner on it (createThreadRunner). Used by `maat advise` embedded
 * and by the worker service.
 *
 * ```ts
 * const pool = new RolloutPool({ threads: 2 });
 * const runner = createThreadRunner(pool, graph);
 * const report = await runSearch(createTd(graph, { seed: 1 }), { budget: 10_000, runner });
 * await pool.destroy();
 * ```
 */
export { type SharedGraph, type SharedRules, shareGraph, shareGraphBytes, shareRules, shareRulesBytes } from "./shared-graph.js";
export { RolloutPool, type RolloutPoolOptions } from "./rollout-pool.js";
export { INLINE_WORK, createThreadRunner, inlineBelowFor, type ThreadRunnerOptions } from "./thread-runner.js";
