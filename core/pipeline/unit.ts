/**
 * The pipeline unit kinds (Thoth's words) as typed functions. A unit receives everything it needs
 * as arguments: no global context, no catalog or store access from inside a unit.
 */
import type { CandidateInfo } from "../catalog/index.js";
import type { Environment } from "../pep508/index.js";
import type { RecommendationType } from "../prescription/index.js";
import type { Justification } from "./justification.js";

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
  | { readonly ok: true; readonly stackInfo: readonly Justification[] }
  | { readonly ok: false; readonly reason: string; readonly stackInfo: readonly Justification[] };

/** Runs once per request before the search; may add stack info or refuse the request. */
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
}

/**
 * Offers alternative packages for a candidate (e.g. `tensorflow` -> `intel-tensorflow`). Modelled
 * and collected by the pipeline, but the compiler does not consume alternatives yet: no
 * alternative enters a compiled graph today.
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
  | { readonly acceptable: true; readonly score: number; readonly justification?: readonly Justification[] }
  | { readonly acceptable: false; readonly reason: string; readonly justification?: readonly Justification[] };

/**
 * A step whose result depends on the candidate only: precomputed into the compiled graph (score,
 * or a removal when not acceptable). Returns undefined when it does not apply to the candidate.
 */
export interface StaticStepUnit {
  readonly kind: "step";
  readonly scope: "candidate";
  readonly name: string;
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
  readonly match: PackageMatch;
  readonly resolved: readonly PackageMatch[];
  readonly result: StepResult;
}

export type StepUnit = StaticStepUnit | StateStepUnit;

export type StrideDecision = { readonly accept: true } | { readonly accept: false; readonly reason: string };

/** Accepts or rejects a final stack. */
export interface StrideUnit {
  readonly kind: "stride";
  readonly name: string;
  run(stack: Stack, context: RequestContext): StrideDecision;
}

/** Annotates a final stack with justifications. */
export interface WrapUnit {
  readonly kind: "wrap";
  readonly name: string;
  run(stack: Stack, context: RequestContext): readonly Justification[];
}

export type PipelineUnit = BootUnit | PseudonymUnit | SieveUnit | StepUnit | StrideUnit | WrapUnit;
