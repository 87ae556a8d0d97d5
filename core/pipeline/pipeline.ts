import type { CandidateInfo } from "../catalog/index.js";
import type { CompileRequest } from "../compile/index.js";
import type { Environment } from "../pep508/index.js";
import type { ManifestChange, RecommendationType } from "../prescription/index.js";
import { canonicalJustifications, type Justification } from "./justification.js";
import type {
  AdditionUnit, Alternative, CandidateContext, Dependent, PipelineUnit, PseudonymUnit, RequestContext, SieveUnit, SkipUnit, Stack,
  StateStepUnit, StaticStepUnit, StrideUnit, WrapUnit,
} from "./unit.js";
import { pep440Order } from "./advisory-units.js";
import { UNWEIGHTED, type ObjectiveWeights } from "./objective-weights.js";
import { alternativeJustifications } from "./alternative-justifications.js";
import { createStateStepRoles } from "./state-step-roles.js";
import { declarativeStrideSteps } from "./declarative-stride-steps.js";
import { versionMatches } from "./version-match.js";
import { createWrapIndex } from "./wrap-index.js";

export interface PipelineOptions {
  readonly recommendationType: RecommendationType;
  readonly environment: Environment;
  readonly requirements: readonly string[];
  /** Units in the order they run (built-in units first, by convention). */
  readonly units: readonly PipelineUnit[];
  /** Every release the catalog lists for a package (see recordingCatalog); undefined: unknown. */
  readonly releases?: (name: string) => readonly CandidateInfo[] | undefined;
  /**
   * The weights of the objective (objectiveWeights validates them against these units): each
   * step's score counts times its weight in the static scores, the breakdown and the state steps'
   * contributions (judgeStack and the search's stack rules); a term of weight 0 leaves the
   * breakdown. Default: every weight 1.
   */
  readonly objective?: ObjectiveWeights;
}

/** One unit's share of a candidate's static score. */
export interface UnitScore {
  readonly unit: string;
  readonly score: number;
}

/** A unit that asked for the search to stop early (Thoth's eager_stop_pipeline), with its message. */
export interface StopRequest {
  readonly unit: string;
  readonly reason: string;
}

/** What the static units decided about one candidate. */
export type CandidateVerdict =
  | {
      readonly kept: true;
      readonly score: number;
      readonly breakdown: readonly UnitScore[];
      readonly justifications: readonly Justification[];
      /** A static step asks for an eager stop once a stack holds this candidate. */
      readonly eagerStop?: StopRequest;
      /** Requirements addition units add to the candidate (PEP 508). */
      readonly added?: readonly string[];
    }
  | { readonly kept: false; readonly unit: string; readonly reason: string; readonly justifications: readonly Justification[] };

export type StackVerdict =
  | {
      readonly accepted: true;
      readonly score: number;
      /** Everything said about the stack, stack info included (canonical order). */
      readonly justifications: readonly Justification[];
      /** The part of `justifications` that is about the whole advise (Thoth's stack_info): boots, wraps, strides, skips. */
      readonly stackInfo?: readonly Justification[];
      /** Deployment manifest changes the wraps advise for this stack (distinct, ordered by content). */
      readonly advisedManifestChanges?: readonly ManifestChange[];
      /** Set when finding this stack should end the search (eager stop). */
      readonly eagerStop?: StopRequest;
    }
  | { readonly accepted: false; readonly unit: string; readonly reason: string };

export interface Pipeline {
  readonly recommendationType: RecommendationType;
  /** The weights every score of this pipeline is computed with. */
  readonly objective: ObjectiveWeights;
  /** Unit kinds and names, in run order. */
  readonly units: readonly { readonly kind: PipelineUnit["kind"]; readonly name: string }[];
  /** Stack info from the boot units (canonical order). */
  readonly stackInfo: readonly Justification[];
  /** A boot unit that refused the request, with its reason. */
  readonly refused?: { readonly unit: string; readonly reason: string };
  /** A boot unit asked for an eager stop: the search should end at its first accepted stack. */
  readonly eagerStop?: StopRequest;
  /**
   * Whether a unit may ask for an eager stop (a boot, a step, a stride; static steps count once
   * the compiler has asked about their candidates): the advise should then watch
   * StackVerdict.eagerStop (or stackRulesRunner's stopRequested).
   */
  mayStopEarly(): boolean;
  /** Compile hook: false removes the candidate (a sieve, or a static step that finds it not acceptable). */
  sieve(name: string, version: string): boolean;
  /** Compile hook: the sum of the static steps' scores. */
  score(name: string, version: string): number;
  /** Compile hook: false drops the dependency of `dependent` (null: the root; with `extra`: that extra's) on `target` (skip units). */
  keepDependency(target: string, dependent: Dependent | null): boolean;
  /** Compile hook: requirements the addition units add to a candidate. */
  addedRequirements(name: string, version: string): readonly string[];
  /** The static verdict on a candidate (computed once, then cached). */
  verdict(name: string, version: string): CandidateVerdict;
  /** Per static step unit: its score for the candidate (units that do not apply are left out). */
  breakdown(name: string, version: string): readonly UnitScore[];
  /** Justifications the per-candidate units gave (canonical order). */
  justifications(name: string, version: string): readonly Justification[];
  /** Alternatives the pseudonym units offer (reported by judgeStack, never searched). */
  pseudonyms(name: string, version: string): readonly Alternative[];
  /**
   * Every state-dependent step, and each declarative stride as a state step (see
   * declarativeStrideSteps). A state step whose condition the root requirements imply
   * (`tensorflow==2.1.0` for a step on `tensorflow~=2.1.0`) is applied statically by sieve/score
   * instead: see finalStackSteps.
   */
  readonly stateSteps: readonly StateStepUnit[];
  /**
   * The state steps judgeStack applies on final stacks (call after compiling, when the releases
   * are known): stateSteps minus those applied statically and minus the other members of a group
   * one of whose members is static, each with its score times its weight (the objective's). Compile
   * them with compileStatePredicates for the search.
   */
  finalStackSteps(): readonly StateStepUnit[];
  /** Names of the strides that are functions only (no declarative form): judgeStack runs them, the search cannot. */
  readonly opaqueStrides: readonly string[];
  /** The hooks of CompileRequest that carry the pipeline's static part. */
  readonly hooks: Required<Pick<CompileRequest, "sieve" | "score" | "keepDependency" | "addedRequirements">>;
  /**
   * A final stack through the state steps (applied on the final stack), the strides and the
   * wraps: its total score (static + state steps) and every justification of it (its candidates',
   * the boot units' stack info, the skip units' for the dependencies they dropped, the pseudonyms'
   * alternatives, and those given when removing a version newer than the one in the stack: why
   * not newer), or the unit that rejected it.
   */
  judgeStack(stack: Stack): StackVerdict;
}

const keyOf = (name: string, version: string): string => `${name}\u0000${version}`;

/** Builds the pipeline of one request: boot units run here, once. */
export function buildPipeline(options: PipelineOptions): Pipeline {
  const request: RequestContext = {
    recommendationType: options.recommendationType, environment: options.environment, requirements: options.requirements,
  };
  const sieves: SieveUnit[] = [];
  const skips: SkipUnit[] = [];
  const additions: AdditionUnit[] = [];
  const staticSteps: StaticStepUnit[] = [];
  const stateSteps: StateStepUnit[] = [];
  const strides: StrideUnit[] = [];
  const wraps: WrapUnit[] = [];
  const pseudonymUnits: PseudonymUnit[] = [];
  const info: Justification[] = [];
  let refused: { unit: string; reason: string } | undefined;
  let bootStop: StopRequest | undefined;
  const names = new Set<string>();
  for (const u of options.units) {
    if (names.has(u.name)) throw new RangeError(`pipeline: two units are named ${JSON.stringify(u.name)}`);
    names.add(u.name);
    switch (u.kind) {
      case "boot": {
        const r = u.run(request);
        info.push(...r.stackInfo);
        if (!r.ok && refused === undefined) refused = { unit: u.name, reason: r.reason };
        if (r.ok && r.eagerStop !== undefined && bootStop === undefined) bootStop = { unit: u.name, reason: r.eagerStop };
        break;
      }
      case "pseudonym": pseudonymUnits.push(u); break;
      case "sieve": sieves.push(u); break;
      case "step":
        if (u.scope === "candidate") staticSteps.push(u);
        else if (u.scope === "state") stateSteps.push(u);
        else if (u.scope === "addition") additions.push(u);
        else skips.push(u);
        break;
      case "stride": strides.push(u); break;
      case "wrap": wraps.push(u); break;
    }
  }
  // Declarative strides join the state steps (one data path for judgeStack and the search).
  for (const s of strides) stateSteps.push(...declarativeStrideSteps(s));
  const opaqueStrides = strides.filter((s) => s.declarative === undefined);
  const stopsByUnit = bootStop !== undefined || opaqueStrides.length > 0 ||
    stateSteps.some((s) => s.result.acceptable && s.result.eagerStop !== undefined);
  const roles = createStateStepRoles(stateSteps, options.requirements, options.environment, options.releases);
  const objective = options.objective ?? UNWEIGHTED;
  /** A state step with its score weighted (the same object when its weight is 1 or it rejects). */
  const weightedSteps = new Map<StateStepUnit, StateStepUnit>();
  const weighted = (s: StateStepUnit): StateStepUnit => {
    let w = weightedSteps.get(s);
    if (w === undefined) {
      const weight = objective.weightOf(s);
      w = weight === 1 || !s.result.acceptable ? s : { ...s, result: { ...s.result, score: s.result.score * weight } };
      weightedSteps.set(s, w);
    }
    return w;
  };
  const wrapIndex = createWrapIndex(wraps);

  const cache = new Map<string, CandidateVerdict>();
  /** Per package: the versions the static units removed so far, with their justifications. */
  const removed = new Map<string, { version: string; justifications: readonly Justification[] }[]>();
  /** Per dependent candidate (key "" for the root): what the skip units said when dropping its dependencies. */
  const skipped = new Map<string, Justification[]>();
  const contextFor = (name: string): CandidateContext => ({ ...request, releases: options.releases?.(name) ?? [] });

  const verdict = (name: string, version: string): CandidateVerdict => {
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
  };

  const decide = (name: string, version: string, context: CandidateContext): CandidateVerdict => {
    for (const s of sieves) {
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
    for (const s of staticSteps) {
      const r = s.run(name, version, context);
      const out = r === undefined ? undefined : take(s, r);
      if (out !== undefined) return out;
    }
    for (const s of stateSteps) {
      if (s.match.name !== name || !versionMatches(version, s.match.version) || roles.role(s) !== "static") continue;
      const out = take(s, s.result);
      if (out !== undefined) return out;
    }
    const added: string[] = [];
    for (const a of additions) {
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

  const keepDependency = (target: string, dependent: Dependent | null): boolean => {
    for (const s of skips) {
      const d = s.run(target, dependent, request);
      if (d.keep) continue;
      // A stack names base packages only: what a skip says about an extra's dependency is not reported.
      if (dependent?.extra !== undefined) return false;
      const key = dependent === null ? "" : keyOf(dependent.name, dependent.version);
      const list = skipped.get(key) ?? [];
      list.push(...(d.justification ?? []));
      skipped.set(key, list);
      return false;
    }
    return true;
  };

  const pseudonyms = (name: string, version: string): readonly Alternative[] => {
    const context = contextFor(name);
    return pseudonymUnits.flatMap((u) => u.run(name, version, context));
  };

  /** The final-stack state steps (with group members applied once), or the one that rejects the stack. */
  const stateScore = (stack: Stack) => {
    let score = 0;
    const justifications: Justification[] = [];
    let eagerStop: StopRequest | undefined;
    const fired = new Set<string>();
    for (const s of roles.finalSteps().map(weighted)) {
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

  const judgeStack = (stack: Stack): StackVerdict => {
    let score = 0;
    const justifications: Justification[] = [...info];
    const stackInfo: Justification[] = [...info];
    let eagerStop = bootStop;
    for (const name of Object.keys(stack).sort()) {
      const version = stack[name];
      const v = verdict(name, version);
      if (!v.kept) return { accepted: false, unit: v.unit, reason: `${name}==${version}: ${v.reason}` };
      score += v.score;
      justifications.push(...v.justifications);
      if (v.eagerStop !== undefined) eagerStop ??= v.eagerStop;
      // Why no newer version: what the units said when they removed newer versions.
      for (const r of removed.get(name) ?? []) {
        if ((pep440Order.compare(r.version, version) ?? 0) > 0) justifications.push(...r.justifications);
      }
      const dropped = skipped.get(keyOf(name, version)) ?? [];
      justifications.push(...dropped);
      stackInfo.push(...dropped);
      justifications.push(...alternativeJustifications(name, version, pseudonyms(name, version), options.releases));
    }
    const rootDropped = skipped.get("") ?? [];
    justifications.push(...rootDropped);
    stackInfo.push(...rootDropped);
    const state = stateScore(stack);
    if (state.rejected !== undefined) return { accepted: false, ...state.rejected };
    score += state.score;
    justifications.push(...state.justifications);
    eagerStop ??= state.eagerStop;
    for (const s of opaqueStrides) {
      const d = s.run(stack, request);
      justifications.push(...(d.justification ?? []));
      if (!d.accept) return { accepted: false, unit: s.name, reason: d.reason };
      if (d.eagerStop !== undefined) eagerStop ??= { unit: s.name, reason: d.eagerStop };
    }
    const wrapped = wrapIndex.run(stack, request);
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

  const pipeline: Pipeline = {
    recommendationType: options.recommendationType,
    objective,
    units: options.units.map((u) => ({ kind: u.kind, name: u.name })),
    stackInfo: canonicalJustifications(info),
    ...(refused !== undefined ? { refused } : {}),
    ...(bootStop !== undefined ? { eagerStop: bootStop } : {}),
    mayStopEarly: () => stopsByUnit || [...cache.values()].some((v) => v.kept && v.eagerStop !== undefined),
    sieve: (name, version) => verdict(name, version).kept,
    score: (name, version) => {
      const v = verdict(name, version);
      return v.kept ? v.score : 0;
    },
    keepDependency,
    addedRequirements: (name, version) => {
      const v = verdict(name, version);
      return v.kept ? v.added ?? [] : [];
    },
    verdict,
    breakdown: (name, version) => {
      const v = verdict(name, version);
      return v.kept ? v.breakdown : [];
    },
    justifications: (name, version) => verdict(name, version).justifications,
    pseudonyms,
    stateSteps,
    finalStackSteps: () => roles.finalSteps().map(weighted),
    opaqueStrides: opaqueStrides.map((s) => s.name),
    hooks: {
      sieve: (n, v) => pipeline.sieve(n, v),
      score: (n, v) => pipeline.score(n, v),
      keepDependency: (t, d) => pipeline.keepDependency(t, d),
      addedRequirements: (n, v) => pipeline.addedRequirements(n, v),
    },
    judgeStack,
  };
  return pipeline;
}
