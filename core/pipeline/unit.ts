/**
 * The pipeline unit kinds (Thoth's words) as typed functions. A unit receives everything it needs
 * as arguments: no global context, no catalog or store access from inside a unit.
 */
import type { CandidateInfo } from "../catalog/index.js";
import type { Environment } from "../pep508/index.js";
import type { ManifestChange, RecommendationType } from "../prescription/index.js";
import type { Justification } from "../justification/index.js";
import type { ObjectiveGroup } from "./objective-weights.js";

/** What every unit may read about the request. */
export interface RequestContext {
  readonly recommendationType: RecommendationType;
  readonly environment: Environment;
  /** Root requirements, PEP 508 strings. */
  readonly requirements: readonly string[];
}

/** What a per-candidate unit (sieve, static step, pseudonym) reads besides the candidate. */
export interface CandidateContext extends RequestContext {
  /** Every release the catalog lists for the candidate's package (any order); empty when unknown. */
  readonly releases: readonly CandidateInfo[];
}

/** A final stack: normalized package name -> version. */
export type Stack = Readonly<Record<string, string>>;

export type BootResult =
  | {
      readonly ok: true;
      readonly stackInfo: readonly Justification[];
      /** Asks the advise to stop the search at its first accepted stack (Thoth's eager_stop_pipeline). */
      readonly eagerStop?: string;
    }
  | { readonly ok: false; readonly reason: string; readonly stackInfo: readonly Justification[] };

/** Runs once per request before the search; may add stack info, refuse the request or ask for an eager stop. */
export interface BootUnit {
  readonly kind: "boot";
  readonly name: string;
  run(context: RequestContext): BootResult;
}

/** An alternative package (or version) offered in place of a candidate. */
export interface Alternative {
  readonly name: string;
  /** Undefined: any version of the alternative. */
  readonly version?: string;
  /** What the unit says when it offers the alternative (Thoth's stack info). */
  readonly justification?: readonly Justification[];
}

/**
 * Offers alternative packages for a candidate (e.g. `tensorflow` -> `intel-tensorflow`). The
 * compiler does not consume alternatives (a compiled graph has no "either package" edge): the
 * pipeline reports each alternative of a stack's candidate as an INFO justification of the stack
 * (judgeStack), so the user sees it, but the search never explores it.
 */
export interface PseudonymUnit {
  readonly kind: "pseudonym";
  readonly name: string;
  run(name: string, version: string, context: CandidateContext): readonly Alternative[];
}

export type SieveDecision =
  | { readonly keep: true }
  | { readonly keep: false; readonly reason: string; readonly justification?: readonly Justification[] };

/** Removes candidates before the search. */
export interface SieveUnit {
  readonly kind: "sieve";
  readonly name: string;
  run(name: string, version: string, context: CandidateContext): SieveDecision;
}

export type StepResult =
  | {
      readonly acceptable: true;
      readonly score: number;
      readonly justification?: readonly Justification[];
      /** A stack holding the candidate ends the search early (Thoth's eager_stop_pipeline), with this message. */
      readonly eagerStop?: string;
    }
  | { readonly acceptable: false; readonly reason: string; readonly justification?: readonly Justification[] };

/**
 * A step whose result depends on the candidate only: precomputed into the compiled graph (score,
 * or a removal when not acceptable). Returns undefined when it does not apply to the candidate.
 */
export interface StaticStepUnit {
  readonly kind: "step";
  readonly scope: "candidate";
  readonly name: string;
  /** The group of objective terms its score belongs to (a weight on the group weights it); undefined: its name only. */
  readonly term?: ObjectiveGroup;
  run(name: string, version: string, context: CandidateContext): StepResult | undefined;
}

/** A package and an optional PEP 440 specifier (text); undefined version: any. */
export interface PackageMatch {
  readonly name: string;
  readonly version?: string;
}

/**
 * A step whose result depends on the state: it applies to a candidate matching `match` only when
 * every `resolved` entry is already pinned in the state. Declarative, so that the pipeline can
 * compile it into a compact predicate over the graph (see StatePredicate).
 */
export interface StateStepUnit {
  readonly kind: "step";
  readonly scope: "state";
  readonly name: string;
  /** The group of objective terms its score belongs to (see StaticStepUnit.term). */
  readonly term?: ObjectiveGroup;
  readonly match: PackageMatch;
  readonly resolved: readonly PackageMatch[];
  readonly result: StepResult;
  /**
   * Steps of one group (Thoth's step.Group: one step per member, the others as `resolved`) hold
   * the same condition on a final stack: they apply at most once per stack.
   */
  readonly group?: string;
}

/** A candidate that depends on a package (through `extra` when given); null stands for the root requirements. */
export interface Dependent {
  readonly name: string;
  readonly version: string;
  readonly extra?: string;
}

export type DependencyDecision =
  | { readonly keep: true }
  | { readonly keep: false; readonly reason: string; readonly justification?: readonly Justification[] };

/**
 * Drops dependencies before the search (Thoth's sieve.SkipPackage and step.SkipPackage, both a
 * step of scope `dependency` here): when it does not keep the dependency of `dependent` on
 * `target`, the compiled graph has no edge for it, so `target` is installed only when another
 * kept dependency requires it.
 */
export interface SkipUnit {
  readonly kind: "step";
  readonly scope: "dependency";
  readonly name: string;
  run(target: string, dependent: Dependent | null, context: RequestContext): DependencyDecision;
}

/** Requirements a unit adds to a candidate, with what it says about them. */
export interface Addition {
  /** PEP 508 requirement strings. */
  readonly requirements: readonly string[];
  readonly justification?: readonly Justification[];
}

/** Adds dependencies to candidates before the search (Thoth's step.AddPackage); undefined: nothing to add. */
export interface AdditionUnit {
  readonly kind: "step";
  readonly scope: "addition";
  readonly name: string;
  run(name: string, version: string, context: CandidateContext): Addition | undefined;
}

export type StepUnit = StaticStepUnit | StateStepUnit | SkipUnit | AdditionUnit;

export type StrideDecision =
  | { readonly accept: true; readonly justification?: readonly Justification[]; readonly eagerStop?: string }
  | { readonly accept: false; readonly reason: string; readonly justification?: readonly Justification[] };

/** Accepts or rejects a final stack. */
export interface StrideUnit {
  readonly kind: "stride";
  readonly name: string;
  run(stack: Stack, context: RequestContext): StrideDecision;
  /**
   * The same stride as data, when its decision only depends on which package versions the stack
   * holds: `decision` on every stack holding a matching version of each `when` entry, accept
   * otherwise. Declarative strides are compiled into state predicates (see stack-rules.ts), so
   * the search's reward agrees with judgeStack; `run` must decide the same way.
   */
  readonly declarative?: { readonly when: readonly PackageMatch[]; readonly decision: StrideDecision };
}

/** What a wrap adds to a final stack. */
export interface WrapResult {
  /** Justifications of the stack (Thoth's state justification). */
  readonly justification?: readonly Justification[];
  /** Stack info about the whole advise (Thoth's context stack_info). */
  readonly stackInfo?: readonly Justification[];
  /** Changes to the deployment manifests the stack needs (Thoth's advised_manifest_changes). */
  readonly advisedManifestChanges?: readonly ManifestChange[];
}

/** Annotates a final stack with justifications. */
export interface WrapUnit {
  readonly kind: "wrap";
  readonly name: string;
  run(stack: Stack, context: RequestContext): readonly Justification[] | WrapResult;
  /**
   * Normalized names: the wrap adds nothing to a stack holding none of them (an index hint, so
   * that judgeStack runs only the wraps a stack can trigger). Undefined: every stack.
   */
  readonly triggers?: readonly string[];
}

export type PipelineUnit = BootUnit | PseudonymUnit | SieveUnit | StepUnit | StrideUnit | WrapUnit;
