/**
 * Why something gave no value, as data: `{code, message}` and, for bad input, the field at fault.
 * The one error vocabulary of Maat: runners, the NATS and thread wire, the gRPC API and the CLI all
 * speak it, and each front end maps the closed code set once (adapters/grpc to status codes,
 * the CLI to exit codes).
 */

/** Every code a failure can have (a closed set, as connect-es's `Code`). */
export const FAILURE_CODES = [
  "invalid-argument", "not-found", "resource-exhausted", "payload-too-large", "deadline-exceeded",
  "unavailable", "cancelled", "rollout-failed", "invalid-payload", "internal", "permission-denied", "unauthenticated",
] as const;

export type FailureCode = (typeof FAILURE_CODES)[number];

export interface Failure {
  readonly code: FailureCode;
  /** What went wrong, in words; it does not repeat `field` (front ends put the field before it their own way). */
  readonly message: string;
  /** For invalid-argument: the request field at fault, in core's names (`requirements[1]`, `python`, `indexes`). */
  readonly field?: string;
}

export function failure(code: FailureCode, message: string, field?: string): Failure {
  return field === undefined ? { code, message } : { code, message, field };
}

/** Bad input: the message says what is wrong with the value of `field`. */
export function invalidArgument(message: string, field?: string): Failure {
  return failure("invalid-argument", message, field);
}

export function isFailureCode(code: string): code is FailureCode {
  return (FAILURE_CODES as readonly string[]).includes(code);
}

/** A failure from `{code, message}` data of any origin (a thread, a NATS message): an unknown code is `internal`. */
export function failureFrom(data: { readonly code: string; readonly message: string; readonly field?: string }): Failure {
  return failure(isFailureCode(data.code) ? data.code : "internal", data.message, data.field);
}
