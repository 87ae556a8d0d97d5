import { homedir } from "node:os";
import { defaultStorePath } from "../../adapters/store/index.js";

/** The CLI's configuration from the environment, read once; nothing else in the CLI reads process.env. */
export interface CliConfig {
  /** MAAT_STORE, else $XDG_CACHE_HOME/maat/knowledge.sqlite, else ~/.cache/maat/knowledge.sqlite. */
  readonly storePath: string;
  /** NO_COLOR set to anything but the empty string (no-color.org): no colour even on a terminal. */
  readonly noColor: boolean;
}

export function readCliConfig(env: NodeJS.ProcessEnv): CliConfig {
  const store = env.MAAT_STORE;
  return Object.freeze({
    storePath: store !== undefined && store !== "" ? store : defaultStorePath(env, homedir()),
    noColor: env.NO_COLOR !== undefined && env.NO_COLOR !== "",
  });
}
