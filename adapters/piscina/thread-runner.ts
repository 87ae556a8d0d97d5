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
 * costs about candidateCount × 0.0025 µs (uniform) to × 0.01 µs (softmax over the scores), and a
 * task's round trip through the pool about 80-110 µs (minimum of 300, 2 cores under load; see
 * test/bench/thread-runner.ts). Measured crossovers for two threads: Flask (301 candidates) 184
 * requests by softmax and 639 uniform; tensorflow 2.1 (3,189 candidates) 30 by softmax and 34
 * uniform; that is 55k to 190k requests × candidates, about 100k for either graph's typical mix.
 */
export const INLINE_WORK = 100_000;

/** The default `inlineBelow` for a graph: INLINE_WORK / candidateCount requests (Flask 333, tensorflow 2.1 32). */
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
