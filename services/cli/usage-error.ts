import { invalidArgument } from "../../core/failure/index.js";
import { CommandFailure } from "../compose/command-failure.js";

/** Bad input from the user: an invalid-argument CommandFailure, printed as one line, exit code 2, no stack trace. */
export class UsageError extends CommandFailure {
  constructor(message: string) {
    super(invalidArgument(message));
    this.name = "UsageError";
  }
}
