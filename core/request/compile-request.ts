import { installableOn, type CompileRequest } from "../compile/index.js";
import type { ResolveRequest } from "./resolve-request.js";

/** What a request hands the compiler: its texts, marker environment and prerelease policy, and the wheel tags of its target. */
export type RequestCompilation = Required<Pick<CompileRequest, "requirements" | "constraints" | "environment" | "prereleases" | "installable">>;

/**
 * The compile request of a resolve or advise request: markers evaluated in the target's
 * environment and, where the index lists files, only releases with a wheel for the target's
 * platform tag (or an sdist) kept.
 */
export function compileRequestOf(request: Pick<ResolveRequest, "requirements" | "constraints" | "environment" | "prereleases" | "target">): RequestCompilation {
  const { target, environment } = request;
  return {
    requirements: request.requirements, constraints: request.constraints, environment, prereleases: request.prereleases,
    installable: installableOn({ python: environment.python_version, platform: target.platform, machine: environment.platform_machine.toLowerCase() }),
  };
}
