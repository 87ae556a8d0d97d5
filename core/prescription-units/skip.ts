import { normalizeName } from "../pep508/index.js";
import type { SkipPackageSieveUnit, SkipPackageStepUnit } from "../prescription/index.js";
import { candidateMatch, candidateMatches, isNever, type CandidateMatch } from "./match.js";
import { toJustification } from "./to-justification.js";
import type { SkipUnit } from "../pipeline/index.js";
import { compiled, inapplicable, unsupported, type UnitCompilation } from "./unit-compilation.js";

/** `type: sieve.SkipPackage`: every dependency on the named packages is dropped, the root requirements' included. */
export function skipSievePrescription(u: SkipPackageSieveUnit): UnitCompilation {
  const names = new Set(u.match.flatMap((m) => (m.packageName === null ? [] : [normalizeName(m.packageName)])));
  if (names.size === 0) return inapplicable("package_name null matches no package");
  const reason = u.run.log?.message ?? `skipped by prescription ${u.name}`;
  const justification = u.run.stackInfo.map((e) => toJustification(e));
  const unit: SkipUnit = {
    kind: "step", scope: "dependency", name: u.name,
    run: (target) => (names.has(target) ? { keep: false, reason, justification } : { keep: true }),
  };
  return compiled(unit);
}

/**
 * `type: step.SkipPackage`: the named package (any version) is not installed for the dependents
 * `state.package_version_from` names (none: for every dependent and the root): their edge to it
 * is dropped, so it stays only when another dependent requires it, which is Thoth's
 * `package_version_from_allow_other: false`. Not executed (named gaps): a version restriction on
 * the skipped package, `state.resolved_dependencies`, `package_version_from_allow_other: true`.
 */
export function skipStepPrescription(u: SkipPackageStepUnit, indexUrl: string): UnitCompilation {
  const rules: { target: string; from?: CandidateMatch[] }[] = [];
  let never = "no match entry";
  for (const m of u.match) {
    const target = candidateMatch(m.packageVersion, indexUrl);
    if (isNever(target)) {
      never = target.never;
      continue;
    }
    if (target.name === undefined) return unsupported("step.SkipPackage without a package name");
    if (target.version !== undefined) return unsupported("step.SkipPackage restricted to versions");
    if ((m.state?.resolvedDependencies ?? []).length > 0) return unsupported("step.SkipPackage with state.resolved_dependencies");
    if (m.state?.packageVersionFromAllowOther === true) return unsupported("step.SkipPackage with package_version_from_allow_other");
    const fromList = m.state?.packageVersionFrom;
    if (fromList === undefined) {
      rules.push({ target: target.name });
      continue;
    }
    const from = fromList.map((f) => candidateMatch(f, indexUrl)).filter((f): f is CandidateMatch => !isNever(f));
    if (from.length > 0) rules.push({ target: target.name, from });
    else never = "package_version_from on another index";
  }
  if (rules.length === 0) return inapplicable(never);
  const reason = u.run.log?.message ?? `skipped by prescription ${u.name}`;
  const justification = u.run.stackInfo.map((e) => toJustification(e));
  const unit: SkipUnit = {
    kind: "step", scope: "dependency", name: u.name,
    run(target, dependent) {
      const hit = rules.some((r) => r.target === target &&
        (r.from === undefined || (dependent !== null && r.from.some((f) => candidateMatches(f, dependent.name, dependent.version)))));
      return hit ? { keep: false, reason, justification } : { keep: true };
    },
  };
  return compiled(unit);
}
