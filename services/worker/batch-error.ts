/**
 * Why a batch got no results: core's Failure, the `{code, message}` data that crosses NATS in its
 * error result. Codes are core's RunnerFailure codes, so the coordinator maps them like any
 * runner's failure.
 */
import type { Failure } from "../../core/failure/index.js";
import { RunnerFailure, runnerFailure } from "../../core/rollout/index.js";

export type BatchError = Failure;

/** A pool message's rejection (a RunnerFailure, or `{code, message}` data from a thread) or anything else thrown. */
export function toBatchError(error: unknown, what: string): BatchError {
  if (error instanceof RunnerFailure) return error.toData();
  if (typeof error === "object" && error !== null && "code" in error && "message" in error
    && typeof (error as { code: unknown }).code === "string" && typeof (error as { message: unknown }).message === "string") {
    return runnerFailure(error as { code: string; message: string }).toData();
  }
  return { code: "internal", message: `${what}: ${error instanceof Error ? error.message : String(error)}` };
}
