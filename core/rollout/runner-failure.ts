/**
 * Why a runner could not answer a batch, as data that crosses threads and NATS: `{code, message}`.
 * A runner's `run` rejects with a RunnerFailure; the advise fails with that code and message
 * (the coordinator maps the code to a gRPC status).
 */
export type RunnerFailureCode = "deadline-exceeded" | "unavailable" | "cancelled" | "rollout-failed" | "invalid-payload" | "internal";

export class RunnerFailure extends Error {
  constructor(readonly code: RunnerFailureCode, message: string) {
    super(message);
    this.name = "RunnerFailure";
  }

  /** The failure as plain data. */
  toData(): { readonly code: RunnerFailureCode; readonly message: string } {
    return { code: this.code, message: this.message };
  }
}

export const RUNNER_FAILURE_CODES: readonly RunnerFailureCode[] = ["deadline-exceeded", "unavailable", "cancelled", "rollout-failed", "invalid-payload", "internal"];

/** A failure from `{code, message}` data (an unknown code becomes `internal`). */
export function runnerFailure(data: { readonly code: string; readonly message: string }): RunnerFailure {
  const code = (RUNNER_FAILURE_CODES as readonly string[]).includes(data.code) ? (data.code as RunnerFailureCode) : "internal";
  return new RunnerFailure(code, data.message);
}
