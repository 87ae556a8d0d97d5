import { homedir } from "node:os";
// The one file, not the store's index: that would load better-sqlite3 for every command.
import { defaultStorePath } from "../../adapters/store/default-store-path.js";

/**
 * The `maat` executable's configuration from the environment, parsed once by services/maat.ts and
 * handed to every command; nothing else reads process.env.
 */
export interface MaatConfig {
  /** MAAT_STORE, else $XDG_CACHE_HOME/maat/knowledge.sqlite, else ~/.cache/maat/knowledge.sqlite. */
  readonly storePath: string;
  /** NO_COLOR set to anything but the empty string (no-color.org): no colour even on a terminal. */
  readonly noColor: boolean;
  /** The environment as it was at start: `maat serve` and `maat worker` parse their MAAT_* variables from it. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function readMaatConfig(env: Readonly<Record<string, string | undefined>>): MaatConfig {
  const store = env.MAAT_STORE;
  return Object.freeze({
    storePath: store !== undefined && store !== "" ? store : defaultStorePath(env, homedir()),
    noColor: env.NO_COLOR !== undefined && env.NO_COLOR !== "",
    env: Object.freeze({ ...env }),
  });
}
