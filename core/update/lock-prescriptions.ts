import type { CandidateInfo } from "../catalog/index.js";
import type { Justification } from "../justification/index.js";
import {
  versionMatches, type PackageMatch, type PipelineUnit, type RequestContext, type Stack, type StepResult,
} from "../pipeline/index.js";

/** What a prescription unit does to a locked version. */
export type PrescriptionEffect = "removes" | "rejects" | "penalises" | "warns" | "skips";

/**
 * One prescription unit that flags a locked version (glossary: lock audit): a sieve or a step that
 * removes it, a step that penalises it (negative score) or warns about it (a WARNING or ERROR
 * justification), a skip that drops it, a stride that rejects the locked stack because of it, or a
 * wrap that warns about it. `score` is the step's score (null for the other kinds).
 */
export interface PrescriptionFlag {
  readonly unit: string;
  readonly kind: PipelineUnit["kind"];
  readonly effect: PrescriptionEffect;
  readonly score: number | null;
  readonly message: string;
  readonly link: string | null;
}

const holds = (stack: Stack, m: PackageMatch): boolean => stack[m.name] !== undefined && versionMatches(stack[m.name]!, m.version);
const serious = (j: Justification): boolean => j.type === "WARNING" || j.type === "ERROR";
const firstLink = (js: readonly Justification[] | undefined): string | null => js?.find((j) => j.link !== undefined)?.link ?? null;
/** The message a unit gives: its first WARNING/ERROR justification's, else its reason, else its first justification's. */
const messageOf = (js: readonly Justification[] | undefined, reason?: string): string =>
  js?.find(serious)?.message ?? reason ?? js?.[0]?.message ?? "";

function stepFlag(unit: string, r: StepResult): PrescriptionFlag | null {
  if (!r.acceptable) return { unit, kind: "step", effect: "rejects", score: null, message: messageOf(r.justification, r.reason), link: firstLink(r.justification) };
  const warning = r.justification?.find(serious);
  if (r.score >= 0 && warning === undefined) return null;
  return { unit, kind: "step", effect: r.score < 0 ? "penalises" : "warns", score: r.score, message: messageOf(r.justification), link: warning?.link ?? firstLink(r.justification) };
}

/**
 * The prescription units (`units`: the prescriptions' pipeline units, built-in units left out)
 * that flag each version of a lock, by package name: sieves and candidate steps on the pin, state
 * steps whose `match` is the pin and whose `resolved` entries the lock holds, skips of the package
 * (for the root or a locked dependent), declarative strides that reject the lock on the package,
 * and wraps the package triggers that warn. `releases` gives a package's listed releases (for the
 * units' context).
 */
export function lockPrescriptionFlags(
  pins: Stack, units: readonly PipelineUnit[], request: RequestContext, releases: (name: string) => readonly CandidateInfo[],
): ReadonlyMap<string, readonly PrescriptionFlag[]> {
  const out = new Map<string, PrescriptionFlag[]>();
  const add = (name: string, flag: PrescriptionFlag | null) => {
    if (flag === null || pins[name] === undefined) return;
    const list = out.get(name) ?? [];
    if (!list.some((f) => f.unit === flag.unit)) list.push(flag);
    out.set(name, list);
  };
  const names = Object.keys(pins).sort();
  const locked = new Set(names);
  for (const u of units) {
    if (u.kind === "sieve") {
      for (const name of names) {
        const d = u.run(name, pins[name]!, { ...request, releases: releases(name) });
        if (!d.keep) add(name, { unit: u.name, kind: "sieve", effect: "removes", score: null, message: messageOf(d.justification, d.reason), link: firstLink(d.justification) });
      }
    } else if (u.kind === "step" && u.scope === "candidate") {
      for (const name of names) {
        const r = u.run(name, pins[name]!, { ...request, releases: releases(name) });
        if (r !== undefined) add(name, stepFlag(u.name, r));
      }
    } else if (u.kind === "step" && u.scope === "state") {
      if (holds(pins, u.match) && u.resolved.every((m) => holds(pins, m))) add(u.match.name, stepFlag(u.name, u.result));
    } else if (u.kind === "step" && u.scope === "dependency") {
      for (const name of names) {
        const dependents = [null, ...names.filter((n) => n !== name).map((n) => ({ name: n, version: pins[n]! }))];
        for (const dependent of dependents) {
          const d = u.run(name, dependent, request);
          if (d.keep) continue;
          add(name, { unit: u.name, kind: "step", effect: "skips", score: null, message: messageOf(d.justification, d.reason), link: firstLink(d.justification) });
          break;
        }
      }
    } else if (u.kind === "stride" && u.declarative !== undefined) {
      const { when, decision } = u.declarative;
      if (decision.accept || !when.every((m) => holds(pins, m))) continue;
      for (const m of when) add(m.name, { unit: u.name, kind: "stride", effect: "rejects", score: null, message: messageOf(decision.justification, decision.reason), link: firstLink(decision.justification) });
    } else if (u.kind === "wrap" && u.triggers !== undefined && u.triggers.some((t) => locked.has(t))) {
      const r = u.run(pins, request);
      const js = Array.isArray(r) ? (r as readonly Justification[]) : (r as { justification?: readonly Justification[] }).justification ?? [];
      for (const j of js.filter(serious)) {
        const targets = j.package_name !== undefined && locked.has(j.package_name) ? [j.package_name] : u.triggers.filter((t) => locked.has(t));
        for (const name of targets) add(name, { unit: u.name, kind: "wrap", effect: "warns", score: null, message: j.message, link: j.link ?? null });
      }
    }
  }
  return out;
}
