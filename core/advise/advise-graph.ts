import type { CompiledGraph } from "../graph/index.js";
import { type Pipeline, type StackVerdict } from "../pipeline/index.js";
import { canonicalJustifications, type Justification } from "../justification/index.js";
import { compileStackRules, stackRulesRunner, type StackJudgement } from "../stack-rules/index.js";
import { resolverStack, runSearch, type ScoredStack } from "../predictor/index.js";
import { pinnedPackages } from "../report/index.js";
import { createInProcessRunner, type RolloutRunner } from "../rollout/index.js";
import { exactInTurns, type ExactOptions, type ExactResult } from "../exact/index.js";
import { autoSearch } from "./auto-search.js";
import type { Found, StopReason } from "./found.js";
import { AUTO_LEARNER, branchAndBound, createPredictor, type PredictorName, type RolloutPredictorName } from "./predictor-choice.js";

export interface AdviseOptions {
  readonly predictor: PredictorName;
  /**
   * Stacks scored allowed (rollouts that end in a stack); for exact, the node budget is 1000 × this
   * (and the deadline holds too); for auto, see autoSearch (exact's share, then the learner's).
   */
  readonly budget: number;
  /** How many products to return. */
  readonly count: number;
  readonly seed: number;
  /** Milliseconds from any fixed origin: the caller's clock. */
  readonly now: () => number;
  readonly batchSize?: number;
  /** Batches in flight (runSearch's inFlight; default 1): part of what decides the report. */
  readonly inFlight?: number;
  /**
   * Leaf parallelism (default 1): rollouts per mcts or td request, absorbed as their aggregate; part
   * of what decides the report. With state-dependent stack rules a request asks for k only when the
   * rules travel to where rollouts run (complete rules and a runner with `judging`); with
   * function-only strides the coordinator judges each stack and a request is one rollout.
   */
  readonly leafRollouts?: number;
  /** A runner other than the in-process one (e.g. a thread pool or the cluster). */
  readonly runner?: RolloutRunner;
  /**
   * The resolver's newest-first stack when the caller has it already (the feasibility check's,
   * noStackAnswer): the learning predictors' start stack. Without it adviseGraph solves for it,
   * within the deadline.
   */
  readonly resolved?: Int32Array;
  /** The search stops at the first batch boundary after this time (same clock as `now`); its first batch always runs. */
  readonly deadline?: number;
  /** True once the user asked to stop (Ctrl-C): the search ends at the next batch boundary with what it has, `stopped: "interrupted"`. */
  readonly interrupted?: () => boolean;
  /** Progress after each batch (stacks scored, best score so far). */
  readonly onProgress?: (progress: { readonly stacks: number; readonly deadEnds: number; readonly best: number }) => void;
  /**
   * Gives the caller's event loop a turn (e.g. a setImmediate promise): with it branch and bound
   * (exact, auto) pauses every few tens of milliseconds, so a progress line, Ctrl-C and a
   * coordinator's other calls go on; without it the proof runs in one piece.
   */
  readonly pause?: () => Promise<void>;
  /** During a proof in turns, after each turn ("proving", with the nodes so far and the best score); when auto hands over to its rollout predictor ("searching"). */
  readonly onPhase?: (phase: "proving" | "searching", detail?: string) => void;
}

export interface Product {
  readonly score: number;
  readonly packages: Readonly<Record<string, string>>;
  /** Per package: the score of its version and the units that gave it. */
  readonly breakdown: Readonly<Record<string, { readonly score: number; readonly units: Readonly<Record<string, number>> }>>;
  readonly justification: readonly Justification[];
  /** Deployment manifest changes the pipeline's wraps advise for this stack (only when there are some). */
  readonly advised_manifest_changes?: NonNullable<Extract<StackVerdict, { accepted: true }>["advisedManifestChanges"]>;
}

export interface AdviseStats {
  readonly predictor: PredictorName;
  readonly stacks_scored: number;
  readonly dead_ends: number;
  readonly elapsed_ms: number;
  readonly stacks_per_second: number;
  /** Stacks scored when the best product was found. */
  readonly best_found_at: number;
  readonly optimal: boolean;
  /** Proven distance from the best product to the optimum, when known. */
  readonly gap: number | null;
  /** Why the search ended: the budget was spent, the deadline passed, the space was exhausted, the optimum proven, a unit asked for an eager stop, or the user interrupted it. */
  readonly stopped: "budget" | "timeout" | "exhausted" | "proven" | "eager-stop" | "interrupted";
  /** Exact only: no stack scores more than this (product score, stack rules included); null when there is no stack. */
  readonly upper_bound?: number | null;
  /** Exact only: branch-and-bound nodes (pins tried). */
  readonly nodes?: number;
  /** Auto only: the rollout predictor that went on after branch and bound, or null when the proof settled the advise. */
  readonly learner?: string | null;
}

export interface AdviseReport {
  readonly products: readonly Product[];
  readonly stack_info: readonly Justification[];
  readonly stats: AdviseStats;
  /** The objective the scores were computed with: the weight of every group and of every unit given one (pipeline.objective.inEffect()). */
  readonly objective?: { readonly weights: Readonly<Record<string, number>> };
}

/** Searches a compiled graph with a predictor (or exactly) and reports the best distinct stacks. */
export async function adviseGraph(graph: CompiledGraph, pipeline: Pipeline, options: AdviseOptions): Promise<AdviseReport> {
  const t0 = options.now();
  const found = options.predictor === "exact" ? await exact(graph, pipeline, options, { maxNodes: options.budget * 1000, deadline: options.deadline })
    : options.predictor === "auto" ? await auto(graph, pipeline, options)
      : await search(graph, pipeline, options, options.predictor);
  const elapsed = options.now() - t0;
  const judged = found.top.map((s) => product(graph, pipeline, s)).filter((p): p is Judged => p !== null)
    .sort((a, b) => b.product.score - a.product.score).slice(0, options.count);
  return {
    products: judged.map((j) => j.product),
    stack_info: canonicalJustifications([...pipeline.stackInfo, ...judged.flatMap((j) => j.stackInfo)]),
    stats: {
      predictor: options.predictor,
      stacks_scored: found.stacks,
      dead_ends: found.deadEnds,
      elapsed_ms: Math.round(elapsed * 1000) / 1000,
      stacks_per_second: elapsed > 0 ? Math.round((found.stacks / elapsed) * 1000) : 0,
      best_found_at: found.bestAt,
      optimal: found.optimal,
      gap: found.gap,
      stopped: found.stopped,
      ...(found.nodes !== undefined ? { upper_bound: found.upperBound === null || found.upperBound === undefined ? null : round(found.upperBound), nodes: found.nodes } : {}),
      ...(found.learner !== undefined ? { learner: found.learner } : {}),
    },
    objective: { weights: pipeline.objective.inEffect() },
  };
}

/**
 * A rollout search. The runner is wrapped with the pipeline's stack rules (state-dependent steps,
 * strides, eager stops) so the reward it optimises is the product score judgeStack gives: when the
 * rules are complete and the runner takes them they travel to where the rollouts run (each
 * rollout's stack judged there, leaf parallelism as asked); otherwise the coordinator judges the
 * returned stacks and a request is one rollout. A unit's eager stop (a boot's, or one asked by a
 * stack) ends the search at the next batch boundary.
 */
async function search(graph: CompiledGraph, pipeline: Pipeline, options: AdviseOptions, name: RolloutPredictorName, starts?: readonly Int32Array[]): Promise<Found> {
  const rules = compileStackRules(graph, pipeline);
  const deadline = options.deadline;
  const inner = options.runner ?? createInProcessRunner(graph);
  const runner = rules.empty ? null : stackRulesRunner(rules, inner);
  const leaf = runner === null || runner.travelled ? options.leafRollouts ?? 1 : 1;
  let stacks = 0;
  const eager = () => (runner?.stopRequested() !== undefined) || (pipeline.eagerStop !== undefined && stacks > 0);
  let timedOut = false;
  let interrupted = false;
  const outOfTime = () => (interrupted = options.interrupted?.() ?? false) || (timedOut = deadline !== undefined && options.now() >= deadline);
  const predictor = createPredictor(name, graph, options.seed, Math.max(options.count, 10), starts ?? resolverStart(graph, options.resolved, outOfTime), leaf);
  const report = await runSearch(predictor, {
    budget: options.budget, batchSize: options.batchSize, inFlight: options.inFlight, runner: runner ?? inner,
    onResults: runner === null ? undefined : (results) => runner.absorbed(results),
    shouldStop: () => (interrupted = options.interrupted?.() ?? false) || eager() || (timedOut = deadline !== undefined && options.now() >= deadline),
    onBatch: (p) => { stacks = p.stacks; options.onProgress?.(p); },
  });
  const last = report.trace.at(-1);
  const stopped: StopReason = report.stopped !== "stopped" ? (report.stopped === "budget" ? "budget" : "exhausted")
    : interrupted ? "interrupted" : timedOut ? "timeout" : "eager-stop";
  return { top: report.top, stacks: report.stacks, deadEnds: report.deadEnds, bestAt: last?.stacks ?? 0, optimal: false, gap: null, stopped };
}

/** The resolver's stack as the one start stack (solved for unless `resolved`), none when the deadline or an interrupt ends its solve first. */
function resolverStart(graph: CompiledGraph, resolved: Int32Array | undefined, shouldStop: () => boolean): Int32Array[] {
  const pins = resolved ?? resolverStack(graph, shouldStop);
  return pins === null ? [] : [pins];
}

/**
 * Branch and bound over the product score: the static scores plus what the pipeline's stack rules
 * add (state steps and declarative strides, bounded by what may still fire), stacks they reject
 * left out; function-only strides, which only reject, run on every stack found. So the proof,
 * the upper bound and the gap hold for the score the report shows. A unit's eager stop ends the
 * search at its next check (every 64 nodes) with the bound proven so far, as do the user's
 * interrupt and the deadline (`limits`: exact's own, or auto's share).
 */
async function exact(graph: CompiledGraph, pipeline: Pipeline, options: AdviseOptions, limits: { readonly maxNodes: number; readonly deadline?: number }): Promise<Found> {
  const compiled = compileStackRules(graph, pipeline);
  const deadline = limits.deadline;
  let timedOut = false;
  let eagerStop = false;
  let interrupted = false;
  const judge = (pins: Int32Array): StackJudgement => {
    const j = compiled.judge(pins);
    if (!j.accepted) return j;
    if (!compiled.complete) {
      const verdict = pipeline.judgeStack(pinnedPackages(graph, pins));
      if (!verdict.accepted) return { accepted: false, unit: verdict.unit, reason: verdict.reason, package: 0 };
    }
    if (j.eagerStop !== undefined) eagerStop = true;
    return j;
  };
  const rules = compiled.empty && compiled.complete ? undefined : { predicates: compiled.predicates, judge };
  const shouldStop = () => eagerStop || (interrupted = options.interrupted?.() ?? false) || (timedOut = deadline !== undefined && options.now() >= deadline);
  const r = await proveIn(graph, { topK: options.count, maxNodes: limits.maxNodes, shouldStop, rules }, options);
  const base = { top: r.top, stacks: r.stats.stacks, deadEnds: r.stats.deadEnds, bestAt: r.stats.stacks, nodes: r.stats.nodes };
  if (r.status === "optimal") {
    const found = r.top.length > 0;
    return { ...base, optimal: found, gap: found ? 0 : null, upperBound: found ? r.top[0].score : null, stopped: found ? "proven" : "exhausted" };
  }
  const stopped: StopReason = eagerStop ? "eager-stop" : interrupted ? "interrupted" : timedOut ? "timeout" : "budget";
  return { ...base, optimal: false, gap: Number.isFinite(r.gap) ? r.gap : null, upperBound: Number.isFinite(r.upperBound) ? r.upperBound : null, stopped };
}

/** Branch and bound in turns when the caller gives a pause (the nodes and best score after each turn), else in one piece. */
function proveIn(graph: CompiledGraph, exactOptions: ExactOptions, options: AdviseOptions): Promise<ExactResult> {
  const { pause, onPhase } = options;
  if (pause === undefined) return Promise.resolve(branchAndBound(graph, exactOptions));
  return exactInTurns(graph, {
    ...exactOptions, pause, now: options.now,
    onTurn: onPhase && ((p) => onPhase("proving", `${p.stats.nodes.toLocaleString("en-US")} nodes, best ${Number.isFinite(p.best) ? p.best.toFixed(4) : "-"}`)),
  });
}

/**
 * The default predictor (autoSearch): exact with its share of nodes and time, then, unless it
 * proved the optimum, AUTO_LEARNER seeded with exact's top stacks and the resolver's stack, on
 * the rest of the budget, its progress counted after exact's stacks.
 */
function auto(graph: CompiledGraph, pipeline: Pipeline, options: AdviseOptions): Promise<Found> {
  return autoSearch({
    budget: options.budget, now: options.now, deadline: options.deadline, learner: AUTO_LEARNER,
    exact: (limits) => exact(graph, pipeline, options, limits),
    learn: (budget, starts, offset) => {
      const resolver = options.resolved ?? resolverStack(graph, () => (options.interrupted?.() ?? false) || (options.deadline !== undefined && options.now() >= options.deadline));
      const onProgress = options.onProgress;
      return search(graph, pipeline, {
        ...options, budget, onProgress: onProgress && ((p) => onProgress({ ...p, stacks: p.stacks + offset })),
      }, AUTO_LEARNER, resolver === null ? starts : [...starts, resolver]);
    },
    onLearn: () => options.onPhase?.("searching"),
  });
}

interface Judged {
  readonly product: Product;
  /** What the stack's wraps, strides and skips say about the whole advise. */
  readonly stackInfo: readonly Justification[];
}

/** A stack as the report shows it: through the pipeline's state steps, strides and wraps (null when a stride rejects it). */
function product(graph: CompiledGraph, pipeline: Pipeline, stack: ScoredStack): Judged | null {
  const packages = pinnedPackages(graph, stack.pins);
  const verdict = pipeline.judgeStack(packages);
  if (!verdict.accepted) return null;
  const breakdown: Record<string, { score: number; units: Record<string, number> }> = {};
  for (const [name, version] of Object.entries(packages)) {
    const units = Object.fromEntries(pipeline.breakdown(name, version).map((u) => [u.unit, round(u.score)]));
    breakdown[name] = { score: round(pipeline.score(name, version)), units };
  }
  const changes = verdict.advisedManifestChanges ?? [];
  return {
    product: { score: round(verdict.score), packages, breakdown, justification: verdict.justifications, ...(changes.length > 0 ? { advised_manifest_changes: changes } : {}) },
    stackInfo: verdict.stackInfo ?? [],
  };
}

const round = (x: number) => Math.round(x * 1e9) / 1e9;
