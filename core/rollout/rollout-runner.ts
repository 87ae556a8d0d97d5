import type { CompiledGraph } from "../graph/compiled-graph.js";
import { createRolloutKernel } from "./rollout-kernel.js";
import type { RolloutRequest, RolloutResult } from "./rollout-request.js";
import { runRequest } from "./run-request.js";

/** Executes batches of rollout requests; results in request order. In-process, a thread pool or NATS. */
export interface RolloutRunner {
  run(requests: readonly RolloutRequest[]): Promise<RolloutResult[]>;
}

/** The in-process runner: one kernel, requests run in order on the calling thread. */
export interface InProcessRunner extends RolloutRunner {
  runSync(requests: readonly RolloutRequest[]): RolloutResult[];
}

export function createInProcessRunner(graph: CompiledGraph): InProcessRunner {
  const kernel = createRolloutKernel(graph);
  const runSync = (requests: readonly RolloutRequest[]) => requests.map((r) => runRequest(kernel, r));
  return { runSync, run: (requests) => Promise.resolve(runSync(requests)) };
}
