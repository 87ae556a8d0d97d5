import type { CandidateInfo } from "../catalog/index.js";
import { canonicalJustifications, type Justification } from "../justification/index.js";
import { pep440Order } from "./advisory-units.js";
import { alternativeJustifications } from "./alternative-justifications.js";
import type { CandidateVerdicts } from "./candidate-verdicts.js";
import type { DependencySkips } from "./dependency-skips.js";
import type { StackVerdict, StopRequest } from "./pipeline.js";
import type { UnitKinds } from "./unit-kinds.js";
import type { Alternative, RequestContext, Stack, StateStepUnit } from "./unit.js";
import { versionMatches } from "./version-match.js";
import type { WrapIndex } from "./wrap-index.js";

/** What judging a stack reads besides the stack: every other part of the pipeline. */
export interface StackJudgeParts {
  readonly request: RequestContext;
  readonly kinds: UnitKinds;
  /** The state steps applied on final stacks (the roles' final steps), with their weights applied. */
  readonly finalSteps: () => readonly StateStepUnit[];
  readonly verdicts: CandidateVerdicts;
  readonly skips: DependencySkips;
  readonly wraps: WrapIndex;
  readonly pseudonyms: (name: string, version: string) => readonly Alternative[];
  readonly releases?: (name: string) => readonly CandidateInfo[] | undefined;
}

/**
 * Reads final stacks: each candidate's verdict (with why no newer version, what skips and
 * pseudonyms say), the final-stack state steps (a group at most once), the function-only strides
 * and the wraps the stack triggers. See Pipeline.judgeStack.
 */
export function createStackJudge(parts: StackJudgeParts): (stack: Stack) => StackVerdict {
  const { request, kinds, finalSteps, verdicts, skips, wraps } = parts;

  /** The final-stack state steps (with group members applied once), or the one that rejects the stack. */
  const stateScore = (stack: Stack) => {
    let score = 0;
    const justifications: Justification[] = [];
    let eagerStop: StopRequest | undefined;
    const fired = new Set<string>();
    for (const s of finalSteps()) {
      if (s.group !== undefined && fired.has(s.group)) continue;
      const v = stack[s.match.name];
      if (v === undefined || !versionMatches(v, s.match.version)) continue;
      if (!s.resolved.every((r) => stack[r.name] !== undefined && versionMatches(stack[r.name], r.version))) continue;
      if (s.group !== undefined) fired.add(s.group);
      justifications.push(...(s.result.justification ?? []));
      if (!s.result.acceptable) return { score, justifications, eagerStop, rejected: { unit: s.name, reason: s.result.reason } };
      score += s.result.score;
      if (s.result.eagerStop !== undefined) eagerStop ??= { unit: s.name, reason: s.result.eagerStop };
    }
    return { score, justifications, eagerStop, rejected: undefined };
  };

  return (stack) => {
    let score = 0;
    const justifications: Justification[] = [...kinds.bootInfo];
    const stackInfo: Justification[] = [...kinds.bootInfo];
    let eagerStop = kinds.bootStop;
    for (const name of Object.keys(stack).sort()) {
      const version = stack[name];
      const v = verdicts.verdict(name, version);
      if (!v.kept) return { accepted: false, unit: v.unit, reason: `${name}==${version}: ${v.reason}` };
      score += v.score;
      justifications.push(...v.justifications);
      if (v.eagerStop !== undefined) eagerStop ??= v.eagerStop;
      // Why no newer version: what the units said when they removed newer versions.
      for (const r of verdicts.removed(name)) {
        if ((pep440Order.compare(r.version, version) ?? 0) > 0) justifications.push(...r.justifications);
      }
      const dropped = skips.dropped({ name, version });
      justifications.push(...dropped);
      stackInfo.push(...dropped);
      justifications.push(...alternativeJustifications(name, version, parts.pseudonyms(name, version), parts.releases));
    }
    const rootDropped = skips.dropped(null);
    justifications.push(...rootDropped);
    stackInfo.push(...rootDropped);
    const state = stateScore(stack);
    if (state.rejected !== undefined) return { accepted: false, ...state.rejected };
    score += state.score;
    justifications.push(...state.justifications);
    eagerStop ??= state.eagerStop;
    for (const s of kinds.opaqueStrides) {
      const d = s.run(stack, request);
      justifications.push(...(d.justification ?? []));
      if (!d.accept) return { accepted: false, unit: s.name, reason: d.reason };
      if (d.eagerStop !== undefined) eagerStop ??= { unit: s.name, reason: d.eagerStop };
    }
    const wrapped = wraps.run(stack, request);
    justifications.push(...wrapped.justification, ...wrapped.stackInfo);
    stackInfo.push(...wrapped.stackInfo);
    const adviseInfo = canonicalJustifications(stackInfo);
    return {
      accepted: true, score, justifications: canonicalJustifications(justifications),
      ...(adviseInfo.length > 0 ? { stackInfo: adviseInfo } : {}),
      ...(wrapped.advisedManifestChanges.length > 0 ? { advisedManifestChanges: wrapped.advisedManifestChanges } : {}),
      ...(eagerStop !== undefined ? { eagerStop } : {}),
    };
  };
}
