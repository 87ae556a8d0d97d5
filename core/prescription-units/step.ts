import type { StepRun, StepUnit as StepPrescription } from "../prescription/index.js";
import type { Justification } from "../justification/index.js";
import { candidateMatch, candidateMatches, isNever, namedMatch } from "./match.js";
import { toJustification } from "./to-justification.js";
import type { PackageMatch, PipelineUnit, StepResult } from "../pipeline/index.js";
import { compiled, inapplicable, unsupported, type UnitCompilation } from "./unit-compilation.js";

/** A step's run as a StepResult for candidates of `packageName` (not_acceptable wins over eager_stop_pipeline, as in Thoth). */
export function stepResult(run: StepRun, packageName: string | undefined): StepResult {
  const justification: Justification[] = [
    ...(run.justification ?? []).map((j) => toJustification(j, packageName)),
    ...run.stackInfo.map((e) => toJustification(e, packageName)),
  ];
  if (run.notAcceptable !== undefined) return { acceptable: false, reason: run.notAcceptable, justification };
  return {
    acceptable: true, score: run.score ?? 0, justification,
    ...(run.eagerStopPipeline !== undefined ? { eagerStop: run.eagerStopPipeline } : {}),
  };
}

/**
 * `type: step`: one pipeline step per match entry (`Name[i]` when there are several). An entry
 * with `state.resolved_dependencies` is a state step (its entries must name packages), one
 * without is a static step precomputed into the graph; a nameless entry matches every package.
 * Entries that never hold for the index's candidates are dropped. `multi_package_resolution` has
 * no effect: a stack holds one version per package.
 */
export function stepPrescription(u: StepPrescription, indexUrl: string): UnitCompilation {
  const out: PipelineUnit[] = [];
  let never = "no match entry";
  for (let i = 0; i < u.match.length; i++) {
    const m = u.match[i];
    const name = u.match.length === 1 ? u.name : `${u.name}[${i}]`;
    if (m.state?.packageVersionFrom !== undefined) return unsupported("step with state.package_version_from (only step.SkipPackage executes it)");
    const target = candidateMatch(m.packageVersion, indexUrl);
    if (isNever(target)) {
      never = target.never;
      continue;
    }
    const resolved: PackageMatch[] = [];
    let holds = true;
    for (const r of m.state?.resolvedDependencies ?? []) {
      const c = namedMatch(r, indexUrl);
      if (c === undefined) return unsupported("a state.resolved_dependencies entry without a name");
      if (isNever(c)) {
        never = `resolved dependency on ${c.never}`;
        holds = false;
        break;
      }
      resolved.push(c);
    }
    if (!holds) continue;
    const result = stepResult(u.run, target.name);
    if (resolved.length > 0) {
      if (target.name === undefined) return unsupported("a state step whose package_version has no name");
      out.push({ kind: "step", scope: "state", name, term: "prescriptions", match: { name: target.name, ...(target.version !== undefined ? { version: target.version } : {}) }, resolved, result });
      continue;
    }
    out.push({
      kind: "step", scope: "candidate", name, term: "prescriptions",
      run: (n, v) => (candidateMatches(target, n, v) ? (target.name === undefined ? { ...result, justification: withPackage(result, n) } : result) : undefined),
    });
  }
  return out.length === 0 ? inapplicable(never) : compiled(...out);
}

/** A nameless step's justifications name the candidate they are about. */
function withPackage(result: StepResult, name: string): readonly Justification[] {
  return (result.justification ?? []).map((j) => (j.package_name === undefined ? { ...j, package_name: name } : j));
}
