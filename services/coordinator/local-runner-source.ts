import { createInProcessRunner } from "../../core/rollout/index.js";
import type { RunnerSource } from "./runner-source.js";

/**
 * A standalone coordinator's rollouts: on this process's thread, each batch run from the event
 * loop's check phase so that gRPC calls and timers are served between batches.
 */
export function localRunnerSource(): RunnerSource {
  return {
    description: "standalone",
    async open(_adviseId, graph) {
      const runner = createInProcessRunner(graph);
      return {
        ok: true,
        value: { run: (requests) => new Promise((resolve) => setImmediate(() => resolve(runner.runSync(requests)))), close: () => {} },
      };
    },
    close: async () => {},
  };
}
