import { RunnerFailure, judgingThrough, type RolloutRunner } from "../../core/rollout/index.js";

/** Why `signal` was aborted, in words (its reason when that is a string). */
export function abortReason(signal: AbortSignal): string {
  return typeof signal.reason === "string" ? signal.reason : "the advise was cancelled";
}

/**
 * A runner whose batches reject with a `cancelled` RunnerFailure as soon as `signal` aborts (even
 * while one is in flight), so a search stops at once; the inner runner's late answer is ignored.
 */
export function cancellableRunner(runner: RolloutRunner, signal: AbortSignal): RolloutRunner {
  return {
    run(requests) {
      if (signal.aborted) return Promise.reject(new RunnerFailure("cancelled", abortReason(signal)));
      let onAbort = () => {};
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(new RunnerFailure("cancelled", abortReason(signal)));
        signal.addEventListener("abort", onAbort, { once: true });
      });
      return Promise.race([runner.run(requests), aborted]).finally(() => signal.removeEventListener("abort", onAbort));
    },
    ...judgingThrough(runner, (judging) => cancellableRunner(judging, signal)),
  };
}
