import { installableOn, type CompileRequest, type PrereleasePolicy } from "../../core/compile/index.js";
import { targetEnvironment, type Target } from "../../core/pep508/index.js";
import { REQUEST_DEFAULTS } from "../../core/request/index.js";
import type { PackseScenario } from "../../adapters/snapshot/index.js";
import { UsageError } from "./usage-error.js";

/**
 * The request a packse scenario describes, with uv's semantics that packse encodes: Requires-Python
 * upper bounds ignored, uv's prerelease policy (if-necessary since uv 0.12, or allow), wheel tags
 * checked for the target.
 */
export function scenarioRequest(s: PackseScenario, overrides: { python?: string; prereleases?: PrereleasePolicy } = {}): CompileRequest {
  if (s.resolverOptions.universal) throw new UsageError(`${s.file}: universal resolution is not supported yet`);
  const python = overrides.python ?? s.resolverOptions.python ?? s.environment.python ?? REQUEST_DEFAULTS.python;
  const [machine, glibc] = platformOf(s.resolverOptions.pythonPlatform, s.file);
  const target: Target = { python, platform: "linux", machine };
  const checked = targetEnvironment(target);
  if (!checked.ok) throw new UsageError(`${s.file}: target.${checked.error.field}: ${checked.error.message}`);
  const environment = checked.value;
  return {
    requirements: s.root.requires,
    environment,
    python: environment.python_full_version,
    prereleases: overrides.prereleases ?? (s.resolverOptions.prereleases ? "allow" : REQUEST_DEFAULTS.prereleases),
    ignoreRequiresPythonUpperBounds: true,
    installable: installableOn({ python, platform: "linux", machine, glibcMinor: glibc }, {
      noBinary: s.resolverOptions.noBinary, noBuild: s.resolverOptions.noBuild,
    }),
  };
}

/** `x86_64-manylinux2014` → machine and glibc minor; null → this machine's defaults. */
function platformOf(value: string | null, file: string): [string, number | undefined] {
  if (value === null) return ["x86_64", undefined];
  const m = /^(x86_64|aarch64|i686)-(?:manylinux(2014|2010|1)|manylinux_2_(\d+)|unknown-linux-gnu|linux)$/.exec(value);
  if (!m) throw new UsageError(`${file}: resolver_options.python_platform ${JSON.stringify(value)} is not supported`);
  const legacy: Record<string, number> = { "2014": 17, "2010": 12, "1": 5 };
  return [m[1], m[2] ? legacy[m[2]] : m[3] ? Number(m[3]) : undefined];
}
