import { deadEndsOf, judgingThrough, stacksOf } from "../../core/rollout/index.js";
import type { ClusterMetrics } from "../../adapters/metrics/index.js";
import type { JobRunner } from "../compose/advise-job.js";

/** A runner that counts stacks scored and dead ends as results come in. */
export function countingRunner(runner: JobRunner, metrics: ClusterMetrics): JobRunner {
  return {
    async run(requests) {
      const results = await runner.run(requests);
      let stacks = 0;
      let deadEnds = 0;
      for (const r of results) {
        stacks += stacksOf(r);
        deadEnds += deadEndsOf(r);
      }
      metrics.stacksScored.inc(stacks);
      metrics.deadEnds.inc(deadEnds);
      return results;
    },
    close: () => runner.close(),
    ...judgingThrough(runner, (judging) => countingRunner({ ...judging, close: () => runner.close() }, metrics)),
  };
}

/** A runner whose every batch is in flight from its start to its results, and timed; `now` in milliseconds. */
export function timedRunner(runner: JobRunner, metrics: ClusterMetrics, now: () => number): JobRunner {
  return {
    async run(requests) {
      metrics.batchesInFlight.inc();
      const started = now();
      try {
        const results = await runner.run(requests);
        metrics.batchSeconds.observe((now() - started) / 1000);
        return results;
      } finally {
        metrics.batchesInFlight.dec();
      }
    },
    close: () => runner.close(),
    ...judgingThrough(runner, (judging) => timedRunner({ ...judging, close: () => runner.close() }, metrics, now)),
  };
}
