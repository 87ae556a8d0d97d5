import { EXIT_CODES } from "../../compose/command-failure.js";

/** Exit code of a command the user interrupted (128 + SIGINT). */
export const INTERRUPTED_EXIT_CODE = EXIT_CODES.interrupted;

export interface SearchInterrupt {
  /** True once Ctrl-C asked the search to stop. */
  readonly requested: () => boolean;
  /** From now on Ctrl-C stops the search at its next batch instead of ending the process. */
  readonly arm: () => void;
  /** Ctrl-C ends the process again (the default). */
  readonly disarm: () => void;
}

/**
 * Ctrl-C while a search runs: the first asks it to stop with what it has (`onFirst` tells the user);
 * a second ends the process at once with exit 130 (`onSecond` first cleans the terminal line).
 * Outside the search (loading, compiling) Ctrl-C keeps its default: the process ends.
 */
export function searchInterrupt(onFirst: () => void, onSecond: () => void): SearchInterrupt {
  let requested = false;
  const handler = () => {
    if (requested) {
      onSecond();
      process.stderr.write("maat: interrupted\n");
      process.exit(INTERRUPTED_EXIT_CODE);
    }
    requested = true;
    onFirst();
  };
  let armed = false;
  return {
    requested: () => requested,
    arm() {
      if (!armed) process.on("SIGINT", handler);
      armed = true;
    },
    disarm() {
      if (armed) process.off("SIGINT", handler);
      armed = false;
    },
  };
}
