import type { CompiledGraph } from "../graph/compiled-graph.js";
import { createRolloutKernel } from "./rollout-kernel.js";
import type { RolloutRequest, RolloutResult } from "./rollout-request.js";
import { runRequest } from "./run-request.js";
import type { PortableJudge, StackJudge } from "./stack-judge.js";

/** Executes batches of rollout requests; results in request order. In-process, a thread pool or NATS. */
export interface RolloutRunner {
  run(requests: readonly RolloutRequest[]): Promise<RolloutResult[]>;
  /**
   * A runner on the same rollouts that judges every final stack with `rules` where it runs it
   * (runRequest's judge: judged rewards, rejected stacks as dead ends, eager stops in `stop`).
   * Absent: the runner cannot take rules; the search then judges its results itself
   * (stackRulesRunner). A wrapper that keeps this method wraps the judging runner the same way.
   */
  judging?(rules: PortableJudge): RolloutRunner;
}

/** The in-process runner: one kernel, requests run in order on the calling thread. */
export interface InProcessRunner extends RolloutRunner {
  runSync(requests: readonly RolloutRequest[]): RolloutResult[];
  judging(rules: StackJudge): InProcessRunner;
}

/** The in-process runner; with `judge`, stacks are judged by it as they are found. */
export function createInProcessRunner(graph: CompiledGraph, judge?: StackJudge): InProcessRunner {
  const kernel = createRolloutKernel(graph);
  const runSync = (requests: readonly RolloutRequest[]) => requests.map((r) => runRequest(kernel, r, judge));
  return { runSync, run: (requests) => Promise.resolve(runSync(requests)), judging: (rules) => createInProcessRunner(graph, rules) };
}

/**
 * For a runner that wraps `inner` (metrics, cancellation, a deadline): a `judging` that wraps
 * inner's judging runner with `wrap` too, or none when inner takes no rules. Spread it into the
 * wrapper so that stack rules still travel through it.
 */
export function judgingThrough(inner: RolloutRunner, wrap: (judging: RolloutRunner) => RolloutRunner): Pick<RolloutRunner, "judging"> {
  const judging = inner.judging;
  return judging === undefined ? {} : { judging: (rules) => wrap(judging.call(inner, rules)) };
}
