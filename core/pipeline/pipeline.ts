import type { CandidateInfo } from "../catalog/index.js";
import type { CompileRequest } from "../compile/index.js";
import type { Environment } from "../pep508/index.js";
import type { RecommendationType } from "../prescription/index.js";
import { canonicalJustifications, type Justification } from "./justification.js";
import type {
  Alternative, CandidateContext, PipelineUnit, PseudonymUnit, RequestContext, SieveUnit, Stack, StateStepUnit,
  StaticStepUnit, StrideUnit, WrapUnit,
} from "./unit.js";
import { pep440Order } from "./advisory-units.js";
import { impliedByRoot } from "./root-implied.js";
import { versionMatches } from "./version-match.js";

export interface PipelineOptions {
  readonly recommendationType: RecommendationType;
  readonly environment: Environment;
  readonly requirements: readonly string[];
  /** Units in the order they run (built-in units first, by convention). */
  readonly units: readonly PipelineUnit[];
  /** Every release the catalog lists for a package (see recordingCatalog); undefined: unknown. */
  readonly releases?: (name: string) => readonly CandidateInfo[] | undefined;
}

/** One unit's share of a candidate's static score. */
export interface UnitScore {
  readonly unit: string;
  readonly score: number;
}

/** What the static units decided about one candidate. */
export type CandidateVerdict =
  | { readonly kept: true; readonly score: number; readonly breakdown: readonly UnitScore[]; readonly justifications: readonly Justification[] }
  | { readonly kept: false; readonly unit: string; readonly reason: string; readonly justifications: readonly Justification[] };

export type StackVerdict =
  | { readonly accepted: true; readonly score: number; readonly justifications: readonly Justification[] }
  | { readonly accepted: false; readonly unit: string; readonly reason: string };

export interface Pipeline {
  readonly recommendationType: RecommendationType;
  /** Unit kinds and names, in run order. */
  readonly units: readonly { readonly kind: PipelineUnit["kind"]; readonly name: string }[];
  /** Stack info from the boot units (canonical order). */
  readonly stackInfo: readonly Justification[];
  /** A boot unit that refused the request, with its reason. */
  readonly refused?: { readonly unit: string; readonly reason: string };
  /** Compile hook: false removes the candidate (a sieve, or a static step that finds it not acceptable). */
  sieve(name: string, version: string): boolean;
  /** Compile hook: the sum of the static steps' scores. */
  score(name: string, version: string): number;
  /** The static verdict on a candidate (computed once, then cached). */
  verdict(name: string, version: string): CandidateVerdict;
  /** Per static step unit: its score for the candidate (units that do not apply are left out). */
  breakdown(name: string, version: string): readonly UnitScore[];
  /** Justifications the per-candidate units gave (canonical order). */
  justifications(name: string, version: string): readonly Justification[];
  /** Alternatives the pseudonym units offer (not consumed by the compiler yet). */
  pseudonyms(name: string, version: string): readonly Alternative[];
  /**
   * The state-dependent steps, to compile with compileStatePredicates once the graph is known. A
   * state step whose condition the root requirements imply (`tensorflow==2.1.0` for a step on
   * `tensorflow~=2.1.0`) is applied statically by sieve/score instead (judgeStack skips it).
   */
  readonly stateSteps: readonly StateStepUnit[];
  /** The hooks of CompileRequest that carry the pipeline's static part. */
  readonly hooks: Required<Pick<CompileRequest, "sieve" | "score">>;
  /**
   * A final stack through the state steps (applied on the final stack), the strides and the
   * wraps: its total score (static + state steps) and every justification of it (its candidates',
   * the boot units' stack info, and those given when removing a version newer than the one in
   * the stack: why not newer), or the unit that rejected it.
   */
  judgeStack(stack: Stack): StackVerdict;
}

/** Builds the pipeline of one request: boot units run here, once. */
export function buildPipeline(options: PipelineOptions): Pipeline {
  const request: RequestContext = {
    recommendationType: options.recommendationType, environment: options.environment, requirements: options.requirements,
  };
  const sieves: SieveUnit[] = [];
  const staticSteps: StaticStepUnit[] = [];
  const stateSteps: StateStepUnit[] = [];
  const strides: StrideUnit[] = [];
  const wraps: WrapUnit[] = [];
  const pseudonymUnits: PseudonymUnit[] = [];
  const info: Justification[] = [];
  let refused: { unit: string; reason: string } | undefined;
  const names = new Set<string>();
  for (const u of options.units) {
    if (names.has(u.name)) throw new RangeError(`pipeline: two units are named ${JSON.stringify(u.name)}`);
    names.add(u.name);
    switch (u.kind) {
      case "boot": {
        const r = u.run(request);
        info.push(...r.stackInfo);
        if (!r.ok && refused === undefined) refused = { unit: u.name, reason: r.reason };
        break;
      }
      case "pseudonym": pseudonymUnits.push(u); break;
      case "sieve": sieves.push(u); break;
      case "step": if (u.scope === "candidate") staticSteps.push(u); else stateSteps.push(u); break;
      case "stride": strides.push(u); break;
      case "wrap": wraps.push(u); break;
    }
  }
  const cache = new Map<string, CandidateVerdict>();
  /** Per package: the versions the static units removed so far, with their justifications. */
  const removed = new Map<string, { version: string; justifications: readonly Justification[] }[]>();
  // A state step whose `resolved` condition the root requirements already force is static.
  const implied = new Map<StateStepUnit, boolean>();
  const isImplied = (s: StateStepUnit): boolean => {
    let known = implied.get(s);
    if (known === undefined) {
      known = impliedByRoot(s.resolved, options.requirements, options.environment, (n) => options.releases?.(n));
      implied.set(s, known);
    }
    return known;
  };
  const contextFor = (name: string): CandidateContext => ({ ...request, releases: options.releases?.(name) ?? [] });

  const verdict = (name: string, version: string): CandidateVerdict => {
    const key = `${name}\u0000${version}`;
    const known = cache.get(key);
    if (known !== undefined) return known;
    const context = contextFor(name);
    const justifications: Justification[] = [];
    let result: CandidateVerdict | undefined;
    for (const s of sieves) {
      const d = s.run(name, version, context);
      if (!d.keep) {
        result = { kept: false, unit: s.name, reason: d.reason, justifications: canonicalJustifications(d.justification ?? []) };
        break;
      }
    }
    if (result === undefined) {
      const breakdown: UnitScore[] = [];
      let score = 0;
      for (const s of staticSteps) {
        const r = s.run(name, version, context);
        if (r === undefined) continue;
        justifications.push(...(r.justification ?? []));
        if (!r.acceptable) {
          result = { kept: false, unit: s.name, reason: r.reason, justifications: canonicalJustifications(justifications) };
          break;
        }
        breakdown.push({ unit: s.name, score: r.score });
        score += r.score;
      }
      for (const s of result === undefined ? stateSteps : []) {
        if (s.match.name !== name || !versionMatches(version, s.match.version) || !isImplied(s)) continue;
        justifications.push(...(s.result.justification ?? []));
        if (!s.result.acceptable) {
          result = { kept: false, unit: s.name, reason: s.result.reason, justifications: canonicalJustifications(justifications) };
          break;
        }
        breakdown.push({ unit: s.name, score: s.result.score });
        score += s.result.score;
      }
      result ??= { kept: true, score, breakdown, justifications: canonicalJustifications(justifications) };
    }
    cache.set(key, result);
    if (!result.kept) {
      const list = removed.get(name) ?? [];
      list.push({ version, justifications: result.justifications });
      removed.set(name, list);
    }
    return result;
  };

  const stateScore = (stack: Stack): { score: number; justifications: Justification[]; rejected?: { unit: string; reason: string } } => {
    let score = 0;
    const justifications: Justification[] = [];
    for (const s of stateSteps) {
      if (isImplied(s)) continue;
      const v = stack[s.match.name];
      if (v === undefined || !versionMatches(v, s.match.version)) continue;
      if (!s.resolved.every((r) => stack[r.name] !== undefined && versionMatches(stack[r.name], r.version))) continue;
      justifications.push(...(s.result.justification ?? []));
      if (!s.result.acceptable) return { score, justifications, rejected: { unit: s.name, reason: s.result.reason } };
      score += s.result.score;
    }
    return { score, justifications };
  };

  const pipeline: Pipeline = {
    recommendationType: options.recommendationType,
    units: options.units.map((u) => ({ kind: u.kind, name: u.name })),
    stackInfo: canonicalJustifications(info),
    ...(refused !== undefined ? { refused } : {}),
    sieve: (name, version) => verdict(name, version).kept,
    score: (name, version) => {
      const v = verdict(name, version);
      return v.kept ? v.score : 0;
    },
    verdict,
    breakdown: (name, version) => {
      const v = verdict(name, version);
      return v.kept ? v.breakdown : [];
    },
    justifications: (name, version) => verdict(name, version).justifications,
    pseudonyms: (name, version) => {
      const context = contextFor(name);
      return pseudonymUnits.flatMap((u) => u.run(name, version, context));
    },
    stateSteps,
    hooks: { sieve: (n, v) => pipeline.sieve(n, v), score: (n, v) => pipeline.score(n, v) },
    judgeStack(stack) {
      let score = 0;
      const justifications: Justification[] = [...info];
      for (const name of Object.keys(stack).sort()) {
        const v = verdict(name, stack[name]);
        if (!v.kept) return { accepted: false, unit: v.unit, reason: `${name}==${stack[name]}: ${v.reason}` };
        score += v.score;
        justifications.push(...v.justifications);
        // Why no newer version: what the units said when they removed newer versions.
        for (const r of removed.get(name) ?? []) {
          if ((pep440Order.compare(r.version, stack[name]) ?? 0) > 0) justifications.push(...r.justifications);
        }
      }
      const state = stateScore(stack);
      if (state.rejected !== undefined) return { accepted: false, ...state.rejected };
      score += state.score;
      justifications.push(...state.justifications);
      for (const s of strides) {
        const d = s.run(stack, request);
        if (!d.accept) return { accepted: false, unit: s.name, reason: d.reason };
      }
      for (const w of wraps) justifications.push(...w.run(stack, request));
      return { accepted: true, score, justifications: canonicalJustifications(justifications) };
    },
  };
  return pipeline;
}
