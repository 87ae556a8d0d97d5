import type { Environment } from "../../core/pep508/index.js";
import type { PipfileMeta } from "./project-file.js";

/** What a lock file records besides its packages: how it was made, for which target, from which index. */
export interface LockContext {
  /** The command line that made it, for the header (`maat resolve --index ... flask`). */
  readonly command: string;
  /** The target's marker environment. */
  readonly environment: Environment;
  /** The target's platform tag (`linux-x86_64`). */
  readonly platformTag: string;
  /** The index the files were found on (an index URL), or null for a snapshot. */
  readonly index: { readonly name: string | null; readonly url: string } | null;
  /** For a Pipfile.lock: the Pipfile's `_meta` (hash, sources, requires); null when the input was no Pipfile. */
  readonly pipfile: PipfileMeta | null;
  /** The extras and dependency groups the lock holds (`extra:NAME` and group names), for pylock.toml. */
  readonly groups: readonly string[];
}

/** The PEP 508 condition of the lock's target platform and implementation (pylock.toml `environments`). */
export function environmentMarker(environment: Environment): string {
  return [
    `sys_platform == "${environment.sys_platform}"`, `platform_machine == "${environment.platform_machine}"`,
    `implementation_name == "${environment.implementation_name}"`,
  ].join(" and ");
}
