import { normalizeName } from "../pep508/index.js";
import {
  shouldInclude, type InclusionContext, type Justification as PrescriptionJustification, type PackageVersionMatch,
  type PrescriptionUnit, type StackInfoEntry,
} from "../prescription/index.js";
import type { Justification } from "./justification.js";
import type { PipelineUnit, StateStepUnit, StaticStepUnit } from "./unit.js";
import { versionMatches } from "./version-match.js";

/** Thoth's base for short justification ids (`link: tf_21_h5py`). */
export const THOTH_JUSTIFICATION_BASE = "https://thoth-station.ninja/j/";
const PYPI = "https://pypi.org/simple";

export interface PrescriptionUnitsResult {
  readonly units: readonly PipelineUnit[];
  /** Units that qualified for the request but use what is not compiled yet (with the reason). */
  readonly unsupported: readonly { readonly name: string; readonly reason: string }[];
  /** Units left out by should_include. */
  readonly notIncluded: number;
}

const linkOf = (link: string): string => (/^https?:\/\//.test(link) ? link : `${THOTH_JUSTIFICATION_BASE}${link}`);

function toJustification(e: StackInfoEntry | PrescriptionJustification, packageName?: string): Justification {
  const name = "packageName" in e && e.packageName !== undefined ? e.packageName : packageName;
  return { type: e.type, message: e.message, link: linkOf(e.link), ...(name !== undefined ? { package_name: name } : {}) };
}

/** Why a package_version match cannot be compiled, or undefined when it can (name + version, PyPI). */
function unsupportedMatch(m: PackageVersionMatch): string | undefined {
  if (m.name === undefined) return "package_version without a name";
  if (m.develop === true) return "matches develop installs only";
  // Candidates come from PyPI: `index_url: X` matches when X is PyPI, `not: X` when X is not.
  if (m.indexUrl !== undefined && m.indexUrl.negated === (m.indexUrl.url.replace(/\/+$/, "") === PYPI)) return `index_url ${m.indexUrl.negated ? "not " : ""}${m.indexUrl.url}`;
  return undefined;
}

/**
 * Compiles Thoth prescription units into pipeline units: sieves (`type: sieve`) and steps
 * (`type: step`) whose match is a package_version (name, PEP 440 version, PyPI index), and for
 * steps an optional `state.resolved_dependencies` (a state step). `should_include` is decided
 * here, once, with `context`. Everything else (other types, package_version_from, eager stop,
 * other indexes) is reported as unsupported, never silently approximated.
 */
export function prescriptionUnits(units: readonly PrescriptionUnit[], context: InclusionContext): PrescriptionUnitsResult {
  const out: PipelineUnit[] = [];
  const unsupported: { name: string; reason: string }[] = [];
  const names = new Set<string>();
  let notIncluded = 0;
  for (const u of units) {
    if (!shouldInclude(u.shouldInclude, context).included) {
      notIncluded++;
      continue;
    }
    if (u.type !== "sieve" && u.type !== "step") {
      unsupported.push({ name: u.name, reason: `unit type ${u.type}` });
      continue;
    }
    if (names.has(u.name)) {
      unsupported.push({ name: u.name, reason: "a second unit of this name" });
      continue;
    }
    const problem = u.match.map((m) => unsupportedMatch(m.packageVersion)).find((r) => r !== undefined);
    if (problem !== undefined) {
      unsupported.push({ name: u.name, reason: problem });
      continue;
    }
    names.add(u.name);
    if (u.type === "sieve") {
      const matches = u.match.map((m) => ({ name: normalizeName(m.packageVersion.name as string), version: m.packageVersion.version }));
      const reason = u.run.log?.message ?? `removed by prescription ${u.name}`;
      out.push({
        kind: "sieve",
        name: u.name,
        run(name, version) {
          if (!matches.some((m) => m.name === name && versionMatches(version, m.version))) return { keep: true };
          return { keep: false, reason, justification: u.run.stackInfo.map((e) => toJustification(e, name)) };
        },
      });
      continue;
    }
    if (u.run.eagerStopPipeline !== undefined) {
      unsupported.push({ name: u.name, reason: "eager_stop_pipeline" });
      names.delete(u.name);
      continue;
    }
    if (u.match.some((m) => (m.state?.resolvedDependencies ?? []).some((r) => r.name === undefined || unsupportedMatch(r) !== undefined))) {
      unsupported.push({ name: u.name, reason: "a resolved_dependencies entry without a name or on another index" });
      names.delete(u.name);
      continue;
    }
    if (u.match.some((m) => m.state?.packageVersionFrom !== undefined)) {
      unsupported.push({ name: u.name, reason: "state.package_version_from" });
      names.delete(u.name);
      continue;
    }
    const run = u.run;
    const justificationFor = (name: string): Justification[] => [
      ...(run.justification ?? []).map((j) => toJustification(j, name)),
      ...run.stackInfo.map((e) => toJustification(e, name)),
    ];
    u.match.forEach((m, i) => {
      const target = { name: normalizeName(m.packageVersion.name as string), version: m.packageVersion.version };
      const unitName = u.match.length === 1 ? u.name : `${u.name}[${i}]`;
      const resolved = (m.state?.resolvedDependencies ?? []).map((r) => ({ name: normalizeName(r.name ?? ""), version: r.version }));
      const result = run.notAcceptable !== undefined
        ? { acceptable: false as const, reason: run.notAcceptable, justification: justificationFor(target.name) }
        : { acceptable: true as const, score: run.score ?? 0, justification: justificationFor(target.name) };
      if (resolved.length > 0) {
        const step: StateStepUnit = { kind: "step", scope: "state", name: unitName, match: target, resolved, result };
        out.push(step);
      } else {
        const step: StaticStepUnit = {
          kind: "step", scope: "candidate", name: unitName,
          run: (name, version) => (name === target.name && versionMatches(version, target.version) ? result : undefined),
        };
        out.push(step);
      }
    });
  }
  return { units: out, unsupported, notIncluded };
}
