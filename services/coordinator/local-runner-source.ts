import type { ClusterMetrics } from "../../adapters/metrics/index.js";
import { createThreadRunner, RolloutPool } from "../../adapters/piscina/index.js";
import { timedRunner } from "./runner-metrics.js";
import type { RunnerSource } from "./runner-source.js";

const now = () => performance.now();

/**
 * A standalone coordinator's rollouts: one thread pool shared by every advise (`threads`: default
 * os.availableParallelism()); small batches run inline, as createThreadRunner decides.
 */
export function localRunnerSource(metrics: ClusterMetrics, threads?: number): RunnerSource {
  const pool = new RolloutPool(threads === undefined ? {} : { threads });
  return {
    description: "standalone",
    async open(_adviseId, graph) {
      return { ok: true, value: timedRunner({ ...createThreadRunner(pool, graph), close: () => {} }, metrics, now) };
    },
    close: () => pool.destroy(),
  };
}
