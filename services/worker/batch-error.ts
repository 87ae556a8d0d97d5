/**
 * Why a batch got no results, as the `{code, message}` data that crosses NATS in its error result.
 * Codes are core's RunnerFailure codes, so the coordinator maps them like any runner's failure.
 */
import { RunnerFailure, runnerFailure } from "../../core/rollout/index.js";

export interface BatchError {
  readonly code: string;
  readonly message: string;
}

/** A pool task's rejection (a RunnerFailure, or `{code, message}` data from a thread) or anything else thrown. */
export function toBatchError(error: unknown, what: string): BatchError {
  if (error instanceof RunnerFailure) return error.toData();
  if (typeof error === "object" && error !== null && "code" in error && "message" in error
    && typeof (error as { code: unknown }).code === "string" && typeof (error as { message: unknown }).message === "string") {
    return runnerFailure(error as BatchError).toData();
  }
  return { code: "internal", message: `${what}: ${error instanceof Error ? error.message : String(error)}` };
}
