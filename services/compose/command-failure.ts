import type { Failure, FailureCode } from "../../core/failure/index.js";

/** How a `maat` command ended besides a failure: a stack found (or the work done), no stack, interrupted, or a bug. */
export type CommandOutcome = "stack" | "no-stack" | "interrupted" | "crashed";

/**
 * The one table of `maat`'s exit codes, as uv's: 0 a stack found (or the command's work done),
 * 1 no stack satisfies the request (the explanation is printed) or the work could not be done
 * (an index unreachable, a coordinator failing), 2 bad input (a flag, a file, a requirement),
 * 130 interrupted by Ctrl-C, 70 a bug (an internal error with its stack trace).
 */
export const EXIT_CODES: Readonly<Record<CommandOutcome | FailureCode, number>> = {
  stack: 0,
  "no-stack": 1,
  "invalid-argument": 2,
  "not-found": 1, "resource-exhausted": 1, "payload-too-large": 1, "deadline-exceeded": 1, unavailable: 1,
  cancelled: 1, "rollout-failed": 1, "invalid-payload": 1, internal: 1, "permission-denied": 1, unauthenticated: 1,
  interrupted: 130,
  crashed: 70,
};

export function exitCodeOf(code: CommandOutcome | FailureCode): number {
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
