import type { ClusterMetrics } from "../../adapters/metrics/index.js";
import type { JobRunner } from "./advise-job.js";

/**
 * A runner that feeds the cluster metrics: batches in flight, each batch's time from start to
 * result, stacks scored and dead ends as results come in. `now` in milliseconds.
 */
export function instrumentedRunner(runner: JobRunner, metrics: ClusterMetrics, now: () => number): JobRunner {
  return {
    async run(requests) {
      metrics.batchesInFlight.inc();
      const started = now();
      try {
        const results = await runner.run(requests);
        metrics.batchSeconds.observe((now() - started) / 1000);
        let stacks = 0;
        let deadEnds = 0;
        for (const r of results) {
          if (r.kind === "stack") stacks++;
          else if (r.kind === "dead-end") deadEnds++;
        }
        metrics.stacksScored.inc(stacks);
        metrics.deadEnds.inc(deadEnds);
        return results;
      } finally {
        metrics.batchesInFlight.dec();
      }
    },
    close: () => runner.close(),
  };
}
