import { canonicalJustifications, type Justification } from "../justification/index.js";
import type { ObjectiveWeights } from "./objective-weights.js";
import type { CandidateVerdict, StopRequest, UnitScore } from "./pipeline.js";
import type { StateStepRoles } from "./state-step-roles.js";
import type { UnitKinds } from "./unit-kinds.js";
import type { CandidateContext, StateStepUnit, StaticStepUnit } from "./unit.js";
import { versionMatches } from "./version-match.js";

/** What the static units decided about each candidate asked for, and which versions they removed. */
export interface CandidateVerdicts {
  /** The verdict on one candidate: computed on first ask, then cached. */
  verdict(name: string, version: string): CandidateVerdict;
  /** The versions of a package the static units removed so far, with the justifications they gave. */
  removed(name: string): readonly { readonly version: string; readonly justifications: readonly Justification[] }[];
  /** Whether a candidate verdict so far asks for an eager stop. */
  anyEagerStop(): boolean;
}

/**
 * Reads candidates: the sieves (the first that removes one decides), the static steps and the
 * state steps applied statically (scores times their objective weight summed, a weight of 0 leaves
 * the breakdown; not acceptable removes), the addition units (requirements added to the candidate).
 */
export function createCandidateVerdicts(
  kinds: UnitKinds, roles: StateStepRoles, contextFor: (name: string) => CandidateContext, objective: ObjectiveWeights,
): CandidateVerdicts {
  const cache = new Map<string, CandidateVerdict>();
  const removed = new Map<string, { version: string; justifications: readonly Justification[] }[]>();

  const decide = (name: string, version: string, context: CandidateContext): CandidateVerdict => {
    for (const s of kinds.sieves) {
      const d = s.run(name, version, context);
      if (!d.keep) return { kept: false, unit: s.name, reason: d.reason, justifications: canonicalJustifications(d.justification ?? []) };
    }
    const justifications: Justification[] = [];
    const breakdown: UnitScore[] = [];
    let score = 0;
    let eagerStop: StopRequest | undefined;
    const take = (unit: StaticStepUnit | StateStepUnit, r: NonNullable<ReturnType<StaticStepUnit["run"]>>): CandidateVerdict | undefined => {
      justifications.push(...(r.justification ?? []));
      if (!r.acceptable) return { kept: false, unit: unit.name, reason: r.reason, justifications: canonicalJustifications(justifications) };
      const weight = objective.weightOf(unit);
      if (weight !== 0) {
        const weightedScore = weight === 1 ? r.score : r.score * weight;
        breakdown.push({ unit: unit.name, score: weightedScore });
        score += weightedScore;
      }
      if (r.eagerStop !== undefined) eagerStop ??= { unit: unit.name, reason: r.eagerStop };
      return undefined;
    };
    for (const s of kinds.staticSteps) {
      const r = s.run(name, version, context);
      const out = r === undefined ? undefined : take(s, r);
      if (out !== undefined) return out;
    }
    for (const s of kinds.stateSteps) {
      if (s.match.name !== name || !versionMatches(version, s.match.version) || roles.role(s) !== "static") continue;
      const out = take(s, s.result);
      if (out !== undefined) return out;
    }
    const added: string[] = [];
    for (const a of kinds.additions) {
      const r = a.run(name, version, context);
      if (r === undefined) continue;
      added.push(...r.requirements);
      justifications.push(...(r.justification ?? []));
    }
    return {
      kept: true, score, breakdown, justifications: canonicalJustifications(justifications),
      ...(eagerStop !== undefined ? { eagerStop } : {}), ...(added.length > 0 ? { added } : {}),
    };
  };

  return {
    verdict(name, version) {
      const key = keyOf(name, version);
      const known = cache.get(key);
      if (known !== undefined) return known;
      const result = decide(name, version, contextFor(name));
      cache.set(key, result);
      if (!result.kept) {
        const list = removed.get(name) ?? [];
        list.push({ version, justifications: result.justifications });
        removed.set(name, list);
      }
      return result;
    },
    removed: (name) => removed.get(name) ?? [],
    anyEagerStop: () => [...cache.values()].some((v) => v.kept && v.eagerStop !== undefined),
  };
}

/** A candidate's key in the per-request maps. */
export const keyOf = (name: string, version: string): string => `${name}\u0000${version}`;
