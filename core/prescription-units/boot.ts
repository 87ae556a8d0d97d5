import { evaluateMarker, normalizeName, parseRequirement } from "../pep508/index.js";
import type { BootUnit as BootPrescription } from "../prescription/index.js";
import { toJustification } from "./to-justification.js";
import type { BootUnit, RequestContext } from "../pipeline/index.js";
import { compiled, type UnitCompilation } from "./unit-compilation.js";

/** The normalized names of the root requirements whose marker holds for the environment. */
function directDependencies(context: RequestContext): Set<string> {
  const names = new Set<string>();
  for (const text of context.requirements) {
    const r = parseRequirement(text);
    if (r.ok && (r.value.marker === null || evaluateMarker(r.value.marker, context.environment))) names.add(normalizeName(r.value.name));
  }
  return names;
}

/**
 * `type: boot`, once per advise: gives its stack info, refuses the request with not_acceptable,
 * or asks for an eager stop. With `match: package_name` entries it runs only when one of them is a
 * direct dependency (a root requirement whose marker holds), as Thoth ran boots for the packages
 * of the Pipfile.
 */
export function bootPrescription(u: BootPrescription): UnitCompilation {
  const names = (u.match ?? []).map((m) => m.packageName);
  const always = names.length === 0 || names.includes(null);
  const wanted = names.flatMap((n) => (n === null ? [] : [normalizeName(n)]));
  const unit: BootUnit = {
    kind: "boot", name: u.name,
    run(context) {
      if (!always) {
        const direct = directDependencies(context);
        if (!wanted.some((n) => direct.has(n))) return { ok: true, stackInfo: [] };
      }
      const stackInfo = u.run.stackInfo.map((e) => toJustification(e));
      if (u.run.notAcceptable !== undefined) return { ok: false, reason: u.run.notAcceptable, stackInfo };
      return { ok: true, stackInfo, ...(u.run.eagerStopPipeline !== undefined ? { eagerStop: u.run.eagerStopPipeline } : {}) };
    },
  };
  return compiled(unit);
}
