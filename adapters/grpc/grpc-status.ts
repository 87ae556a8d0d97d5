/**
 * The one mapping between Maat's errors (`{code, message}` data, plus the offending field for
 * invalid arguments) and gRPC status codes, both ways. Unknown codes are INTERNAL.
 */
import { Metadata, status, type ServiceError, type StatusObject } from "@grpc/grpc-js";

export type DomainErrorCode =
  | "invalid-argument" | "resource-exhausted" | "payload-too-large" | "unavailable" | "deadline-exceeded"
  | "cancelled" | "not-found" | "internal" | "rollout-failed" | "invalid-payload";

export interface DomainError {
  readonly code: DomainErrorCode | string;
  readonly message: string;
  /** For invalid-argument: the request field at fault (`requirements[2]`, `seed`). */
  readonly field?: string;
}

/** Trailer carrying the field at fault. */
export const FIELD_METADATA_KEY = "maat-field";

const TO_STATUS: Record<DomainErrorCode, status> = {
  "invalid-argument": status.INVALID_ARGUMENT,
  "resource-exhausted": status.RESOURCE_EXHAUSTED,
  "payload-too-large": status.RESOURCE_EXHAUSTED,
  unavailable: status.UNAVAILABLE,
  "deadline-exceeded": status.DEADLINE_EXCEEDED,
  cancelled: status.CANCELLED,
  "not-found": status.NOT_FOUND,
  internal: status.INTERNAL,
  // A runner's failures (core/rollout RunnerFailure) without a status of their own: the cluster's fault, not the caller's.
  "rollout-failed": status.INTERNAL,
  "invalid-payload": status.INTERNAL,
};

const FROM_STATUS = new Map<status, DomainErrorCode>([
  [status.INVALID_ARGUMENT, "invalid-argument"], [status.RESOURCE_EXHAUSTED, "resource-exhausted"],
  [status.UNAVAILABLE, "unavailable"], [status.DEADLINE_EXCEEDED, "deadline-exceeded"], [status.CANCELLED, "cancelled"],
  [status.NOT_FOUND, "not-found"],
]);

export function grpcCodeOf(code: string): status {
  return (TO_STATUS as Record<string, status | undefined>)[code] ?? status.INTERNAL;
}

/** The status a handler's error is answered with; the field, if any, leads the details and is a trailer. */
export function toStatus(error: DomainError): Partial<StatusObject> {
  const metadata = new Metadata();
  if (error.field !== undefined) metadata.set(FIELD_METADATA_KEY, error.field);
  const details = error.field !== undefined && !error.message.startsWith(`${error.field}:`) ? `${error.field}: ${error.message}` : error.message;
  return { code: grpcCodeOf(error.code), details, metadata };
}

/** A client-side error from a gRPC failure. */
export function fromServiceError(e: Partial<ServiceError>): DomainError {
  const code = (e.code !== undefined ? FROM_STATUS.get(e.code) : undefined) ?? "internal";
  const field = e.metadata?.get(FIELD_METADATA_KEY)[0];
  const message = e.details ?? e.message ?? "unknown error";
  return typeof field === "string" ? { code, message, field } : { code, message };
}
