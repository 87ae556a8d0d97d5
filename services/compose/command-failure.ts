import type { Failure, FailureCode } from "../../core/failure/index.js";

/** The one mapping of failure codes to the exit codes of `maat`: bad input 2, anything else 1. */
export const EXIT_CODES: Readonly<Record<FailureCode, number>> = {
  "invalid-argument": 2,
  "not-found": 1, "resource-exhausted": 1, "payload-too-large": 1, "deadline-exceeded": 1, unavailable: 1,
  cancelled: 1, "rollout-failed": 1, "invalid-payload": 1, internal: 1, "permission-denied": 1, unauthenticated: 1,
};

export function exitCodeOf(code: FailureCode): number {
  return EXIT_CODES[code];
}

/**
 * A command that ends with a failure: `maat` prints `maat: <text>` (no stack trace) and exits with
 * the code's exit code. `text` is the failure as the command words it (e.g. with the flag first).
 */
export class CommandFailure extends Error {
  constructor(readonly failure: Failure, text: string = failure.message) {
    super(text);
    this.name = "CommandFailure";
  }
}
