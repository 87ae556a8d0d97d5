import type { CandidateInfo } from "../catalog/index.js";
import type { CompileRequest } from "../compile/index.js";
import type { Environment } from "../pep508/index.js";
import type { ManifestChange, RecommendationType } from "../prescription/index.js";
import { canonicalJustifications, type Justification } from "../justification/index.js";
import { createCandidateVerdicts } from "./candidate-verdicts.js";
import { createDependencySkips } from "./dependency-skips.js";
import { createStackJudge } from "./stack-judge.js";
import { UNWEIGHTED, type ObjectiveWeights } from "./objective-weights.js";
import { createStateStepRoles } from "./state-step-roles.js";
import { sortUnits } from "./unit-kinds.js";
import type { Alternative, CandidateContext, Dependent, PipelineUnit, RequestContext, Stack, StateStepUnit } from "./unit.js";
import { weightedStateSteps } from "./weighted-state-steps.js";
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

/**
 * Builds the pipeline of one request: boot units run here, once. Each part reads one thing: the
 * unit list (unit-kinds.ts), candidates (candidate-verdicts.ts), dependency edges
 * (dependency-skips.ts) and final stacks (stack-judge.ts).
 */
export function buildPipeline(options: PipelineOptions): Pipeline {
  const request: RequestContext = {
    recommendationType: options.recommendationType, environment: options.environment, requirements: options.requirements,
  };
  const kinds = sortUnits(options.units, request);
  const stopsByUnit = kinds.bootStop !== undefined || kinds.opaqueStrides.length > 0 ||
    kinds.stateSteps.some((s) => s.result.acceptable && s.result.eagerStop !== undefined);
  const roles = createStateStepRoles(kinds.stateSteps, options.requirements, options.environment, options.releases);
  const contextFor = (name: string): CandidateContext => ({ ...request, releases: options.releases?.(name) ?? [] });
  const objective = options.objective ?? UNWEIGHTED;
  const weighted = weightedStateSteps(objective);
  const finalSteps = () => roles.finalSteps().map(weighted);
  const verdicts = createCandidateVerdicts(kinds, roles, contextFor, objective);
  const verdict = verdicts.verdict;
  const skips = createDependencySkips(kinds.skips, request);
  const pseudonyms = (name: string, version: string): readonly Alternative[] => {
    const context = contextFor(name);
    return kinds.pseudonyms.flatMap((u) => u.run(name, version, context));
  };
  const judgeStack = createStackJudge({ request, kinds, finalSteps, verdicts, skips, wraps: createWrapIndex(kinds.wraps), pseudonyms, releases: options.releases });

  const pipeline: Pipeline = {
    recommendationType: options.recommendationType,
    objective,
    units: options.units.map((u) => ({ kind: u.kind, name: u.name })),
    stackInfo: canonicalJustifications(kinds.bootInfo),
    ...(kinds.refused !== undefined ? { refused: kinds.refused } : {}),
    ...(kinds.bootStop !== undefined ? { eagerStop: kinds.bootStop } : {}),
    mayStopEarly: () => stopsByUnit || verdicts.anyEagerStop(),
    sieve: (name, version) => verdict(name, version).kept,
    score: (name, version) => {
      const v = verdict(name, version);
      return v.kept ? v.score : 0;
    },
    keepDependency: skips.keepDependency,
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
    stateSteps: kinds.stateSteps,
    finalStackSteps: finalSteps,
    opaqueStrides: kinds.opaqueStrides.map((s) => s.name),
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
