import { homedir } from "node:os";
import { defaultStorePath } from "../../adapters/store/index.js";

/** The CLI's configuration from the environment, read once; nothing else in the CLI reads process.env. */
export interface CliConfig {
  /** MAAT_STORE, else $XDG_CACHE_HOME/maat/knowledge.sqlite, else ~/.cache/maat/knowledge.sqlite. */
  readonly storePath: string;
}

export function readCliConfig(env: NodeJS.ProcessEnv): CliConfig {
  const store = env.MAAT_STORE;
  return Object.freeze({ storePath: store !== undefined && store !== "" ? store : defaultStorePath(env, homedir()) });
}
