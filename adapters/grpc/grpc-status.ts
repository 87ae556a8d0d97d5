/**
 * The one mapping between core's Failure (a closed code set, plus the field at fault for invalid
 * arguments) and gRPC status codes, both ways. The field travels as a trailer in its AdviseRequest
 * name and leads the status details (`seed: must be at most 2^53 - 1, got ...`).
 */
import { Metadata, status, type ServiceError, type StatusObject } from "@grpc/grpc-js";
import { failure, type Failure, type FailureCode } from "../../core/failure/index.js";
import { requestFieldOf, wireFieldOf } from "./wire-field.js";

/** Trailer carrying the field at fault. */
export const FIELD_METADATA_KEY = "maat-field";

const TO_STATUS: Readonly<Record<FailureCode, status>> = {
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
  "permission-denied": status.PERMISSION_DENIED,
  unauthenticated: status.UNAUTHENTICATED,
};

const FROM_STATUS = new Map<status, FailureCode>([
  [status.INVALID_ARGUMENT, "invalid-argument"], [status.RESOURCE_EXHAUSTED, "resource-exhausted"],
  [status.UNAVAILABLE, "unavailable"], [status.DEADLINE_EXCEEDED, "deadline-exceeded"], [status.CANCELLED, "cancelled"],
  [status.NOT_FOUND, "not-found"], [status.PERMISSION_DENIED, "permission-denied"], [status.UNAUTHENTICATED, "unauthenticated"],
]);

/** The status code of a failure code (anything else, e.g. a code from an older peer, is INTERNAL). */
export function grpcCodeOf(code: string): status {
  return (TO_STATUS as Record<string, status | undefined>)[code] ?? status.INTERNAL;
}

/** A failure in words, as a status's details (and GetAdvise's error_message) say it: its field, if any, first. */
export function statusDetails(error: Failure): string {
  return error.field === undefined ? error.message : `${wireFieldOf(error.field)}: ${error.message}`;
}

/** The status a handler's failure is answered with: the field, if any, leads the details and is a trailer. */
export function toStatus(error: Failure): Partial<StatusObject> {
  const metadata = new Metadata();
  if (error.field !== undefined) metadata.set(FIELD_METADATA_KEY, wireFieldOf(error.field));
  return { code: grpcCodeOf(error.code), details: statusDetails(error), metadata };
}

/** A client-side failure from a gRPC error: the field back in core's names, the details without it. */
export function fromServiceError(e: Partial<ServiceError>): Failure {
  const code = (e.code !== undefined ? FROM_STATUS.get(e.code) : undefined) ?? "internal";
  const wire = e.metadata?.get(FIELD_METADATA_KEY)[0];
  const details = e.details ?? e.message ?? "unknown error";
  if (typeof wire !== "string") return failure(code, details);
  return failure(code, details.startsWith(`${wire}: `) ? details.slice(wire.length + 2) : details, requestFieldOf(wire));
}
