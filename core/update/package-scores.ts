import type { Justification } from "../justification/index.js";
import { versionMatches, type Pipeline, type Stack } from "../pipeline/index.js";

/** One package's part of a stack's score under the advised objective (glossary: score delta). */
export interface PackageScore {
  /** Its static score plus the final-stack state steps that match it; null: a unit removes the version (no score). */
  readonly score: number | null;
  /** What the pipeline says about the version (its candidate units and the state steps that match it), canonical order. */
  readonly justifications: readonly Justification[];
}

/**
 * Each package's contribution to a stack's score, as `judgeStack` adds it up: the candidate's
 * static score (weighted steps, sieves) plus the final-stack state steps whose `match` is the
 * package and whose `resolved` entries the stack holds (a group applied once, to the package of
 * its first member that holds). The contributions of an accepted stack sum to its score less
 * the wraps' and strides' (which score nothing).
 */
export function packageScores(pipeline: Pipeline, stack: Stack): ReadonlyMap<string, PackageScore> {
  const holds = (name: string, specifier: string | undefined) => stack[name] !== undefined && versionMatches(stack[name]!, specifier);
  const out = new Map<string, { score: number | null; justifications: Justification[] }>();
  for (const name of Object.keys(stack).sort()) {
    const v = pipeline.verdict(name, stack[name]!);
    out.set(name, { score: v.kept ? v.score : null, justifications: [...v.justifications] });
  }
  const fired = new Set<string>();
  for (const s of pipeline.finalStackSteps()) {
    if (s.group !== undefined && fired.has(s.group)) continue;
    if (!holds(s.match.name, s.match.version) || !s.resolved.every((r) => holds(r.name, r.version))) continue;
    if (s.group !== undefined) fired.add(s.group);
    const entry = out.get(s.match.name)!;
    entry.justifications.push(...(s.result.justification ?? []));
    entry.score = !s.result.acceptable || entry.score === null ? null : entry.score + s.result.score;
  }
  return out;
}
