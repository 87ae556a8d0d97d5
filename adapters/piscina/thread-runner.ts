import type { CompiledGraph } from "../../core/graph/index.js";
import { type RolloutRunner, createInProcessRunner } from "../../core/rollout/index.js";
import type { RolloutPool } from "./rollout-pool.js";
import { shareGraph } from "./shared-graph.js";

export interface ThreadRunnerOptions {
  /** Batches with fewer requests run inline on the calling thread (default inlineBelowFor(graph)). */
  readonly inlineBelow?: number;
}

/**
 * Requests × candidates below which a batch runs faster inline than on two threads, from
 * test/bench/thread-runner.ts (2 cores, load average 1.3; batches awaited one after another as a
 * search runs them, softmax over the scores). A rollout costs about candidateCount × 0.002 µs
 * (uniform) to × 0.01 µs (softmax); the pool adds a round trip per message (55-90 µs) and packing per
 * request (about 1.4 µs of CPU per stack on Flask). Two threads beat in-process from batches of
 * 512 on Flask (301 candidates: 154k requests × candidates; 0.78 of in-process at 256) and of 32
 * on tensorflow 2.1 (3,189 candidates: 102k; 1.55 to 1.87 times in-process from 64 on).
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
