import type { CompiledGraph } from "../../core/graph/index.js";
import { type RolloutRunner, createInProcessRunner } from "../../core/rollout/index.js";
import type { RolloutPool } from "./rollout-pool.js";
import { shareGraph } from "./shared-graph.js";

export interface ThreadRunnerOptions {
  /** Batches with fewer requests run inline on the calling thread (default inlineBelowFor(graph)). */
  readonly inlineBelow?: number;
}

/**
 * Requests × candidates below which a batch runs faster inline than on two threads. A rollout
 * costs about candidateCount × 0.002 µs (uniform) to × 0.009 µs (softmax over the scores), a
 * task's round trip through the pool 55-75 µs, two requests on two threads 120-175 µs
 * (test/bench/thread-runner.ts, minimum of 300, 2 cores, load average 1.4). Crossovers measured
 * for two threads: Flask (301 candidates) 374 requests uniform and 96 by softmax; tensorflow 2.1
 * (3,189 candidates) 35 uniform and 17 by softmax; that is 113k, 29k, 111k and 53k requests ×
 * candidates, geometric mean 66k.
 */
export const INLINE_WORK = 65_000;

/** The default `inlineBelow` for a graph: INLINE_WORK / candidateCount requests (Flask 216, tensorflow 2.1 21). */
export function inlineBelowFor(graph: CompiledGraph): number {
  return Math.ceil(INLINE_WORK / Math.max(1, graph.candidateCount));
}

/**
 * A RolloutRunner on a RolloutPool for one graph; results identical to createInProcessRunner's
 * (the same kernel on the same requests). Batches below `inlineBelow` run in process, where the
 * thread round trip costs more than the rollouts.
 */
export function createThreadRunner(pool: RolloutPool, graph: CompiledGraph, options: ThreadRunnerOptions = {}): RolloutRunner {
  const inlineBelow = options.inlineBelow ?? inlineBelowFor(graph);
  if (!(inlineBelow >= 0)) throw new RangeError(`createThreadRunner: inlineBelow must be >= 0, got ${inlineBelow}`);
  const shared = shareGraph(graph);
  let inline: RolloutRunner | null = null;
  return {
    run(requests) {
      if (requests.length < inlineBelow) return (inline ??= createInProcessRunner(graph)).run(requests);
      return pool.run(shared, requests);
    },
  };
}
