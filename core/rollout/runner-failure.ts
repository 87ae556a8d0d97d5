import type { Failure, FailureCode } from "../failure/index.js";

/**
 * Why a runner could not answer a batch: a core Failure (`{code, message}` data that crosses
 * threads and NATS) thrown as an Error. A runner's `run` rejects with a RunnerFailure; the advise
 * fails with that code and message (front ends map the code once: gRPC status, exit code).
 */
export type RunnerFailureCode = Extract<FailureCode, "deadline-exceeded" | "unavailable" | "cancelled" | "rollout-failed" | "invalid-payload" | "internal">;

export class RunnerFailure extends Error implements Failure {
  constructor(readonly code: RunnerFailureCode, message: string) {
    super(message);
    this.name = "RunnerFailure";
  }

  /** The failure as plain data. */
  toData(): Failure & { readonly code: RunnerFailureCode } {
    return { code: this.code, message: this.message };
  }
}

export const RUNNER_FAILURE_CODES: readonly RunnerFailureCode[] = ["deadline-exceeded", "unavailable", "cancelled", "rollout-failed", "invalid-payload", "internal"];

/** A failure from `{code, message}` data (an unknown code becomes `internal`). */
export function runnerFailure(data: { readonly code: string; readonly message: string }): RunnerFailure {
  const code = (RUNNER_FAILURE_CODES as readonly string[]).includes(data.code) ? (data.code as RunnerFailureCode) : "internal";
  return new RunnerFailure(code, data.message);
}
