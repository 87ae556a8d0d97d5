import type { StateStepUnit, StrideUnit } from "./unit.js";

/**
 * A declarative stride as state steps: its decision holds on a stack with a matching version of
 * each `when` entry, which is a state step on the first entry with the others resolved. A
 * rejection becomes "not acceptable"; an acceptance keeps its justification and eager stop with
 * score 0. One step (named after the stride) per stride; none for a stride without entries or a
 * function-only one.
 */
export function declarativeStrideSteps(stride: StrideUnit): StateStepUnit[] {
  const d = stride.declarative;
  if (d === undefined || d.when.length === 0) return [];
  const [match, ...resolved] = d.when;
  const decision = d.decision;
  const result: StateStepUnit["result"] = decision.accept
    ? { acceptable: true, score: 0, ...(decision.justification ? { justification: decision.justification } : {}), ...(decision.eagerStop !== undefined ? { eagerStop: decision.eagerStop } : {}) }
    : { acceptable: false, reason: decision.reason, ...(decision.justification ? { justification: decision.justification } : {}) };
  return [{ kind: "step", scope: "state", name: stride.name, match, resolved, result }];
}
