/**
 * An error as data, the only form in which errors cross NATS or threads. The codes are the
 * adapters' shared vocabulary; adapters/grpc maps them to gRPC status codes.
 */
export interface WireError {
  readonly code: string;
  readonly message: string;
}

/** Codes the NATS adapter produces. */
export type NatsErrorCode = "unavailable" | "deadline-exceeded" | "invalid-payload" | "payload-too-large" | "not-found";

export function wireError(code: NatsErrorCode, message: string): WireError {
  return { code, message };
}
