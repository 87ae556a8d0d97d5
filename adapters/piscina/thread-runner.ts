import type { CompiledGraph } from "../../core/graph/index.js";
import { type RolloutRunner, createInProcessRunner } from "../../core/rollout/index.js";
import type { RolloutPool } from "./rollout-pool.js";
import { shareGraph } from "./shared-graph.js";

export interface ThreadRunnerOptions {
  /** Batches with fewer requests run inline on the calling thread (default DEFAULT_INLINE_BELOW). */
  readonly inlineBelow?: number;
}

/** Measured by test/bench/thread-runner.ts; see the figure in the comment of createThreadRunner. */
export const DEFAULT_INLINE_BELOW = 64;

/**
 * A RolloutRunner on a RolloutPool for one graph; results identical to createInProcessRunner's
 * (the same kernel on the same requests). Batches below `inlineBelow` run in process, where the
 * thread round trip costs more than the rollouts.
 */
export function createThreadRunner(pool: RolloutPool, graph: CompiledGraph, options: ThreadRunnerOptions = {}): RolloutRunner {
  const inlineBelow = options.inlineBelow ?? DEFAULT_INLINE_BELOW;
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
