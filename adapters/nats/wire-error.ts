/**
 * An error as data, the only form in which errors cross NATS or threads: core's Failure, named
 * WireError on the batch path. adapters/grpc maps its codes to gRPC status codes.
 */
import type { Failure, FailureCode } from "../../core/failure/index.js";

export type WireError = Failure;

/** Codes the NATS adapter produces. */
export type NatsErrorCode = Extract<FailureCode, "unavailable" | "deadline-exceeded" | "invalid-payload" | "payload-too-large" | "not-found">;

export function wireError(code: NatsErrorCode, message: string): WireError {
  return { code, message };
}
