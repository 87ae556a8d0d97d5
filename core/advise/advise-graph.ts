import type { CompiledGraph } from "../graph/index.js";
import type { Justification, Pipeline } from "../pipeline/index.js";
import { runSearch, type ScoredStack } from "../predictor/index.js";
import { pinnedPackages } from "../report/index.js";
import { createInProcessRunner, type RolloutRunner } from "../rollout/index.js";
import { branchAndBound, createPredictor, type PredictorName } from "./predictor-choice.js";

export interface AdviseOptions {
  readonly predictor: PredictorName;
  /** Stacks scored allowed (rollouts that end in a stack); for exact, the node budget is 1000 × this (and the deadline holds too). */
  readonly budget: number;
  /** How many products to return. */
  readonly count: number;
  readonly seed: number;
  /** Milliseconds from any fixed origin: the caller's clock. */
  readonly now: () => number;
  readonly batchSize?: number;
  /** A runner other than the in-process one (e.g. a thread pool or the cluster). */
  readonly runner?: RolloutRunner;
  /** The search stops at the first batch boundary after this time (same clock as `now`). */
  readonly deadline?: number;
  /** Progress after each batch (stacks scored, best score so far). */
  readonly onProgress?: (progress: { readonly stacks: number; readonly deadEnds: number; readonly best: number }) => void;
}

export interface Product {
  readonly score: number;
  readonly packages: Readonly<Record<string, string>>;
  /** Per package: the score of its version and the units that gave it. */
  readonly breakdown: Readonly<Record<string, { readonly score: number; readonly units: Readonly<Record<string, number>> }>>;
  readonly justification: readonly Justification[];
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
  /** Why the search ended: the budget was spent, the deadline passed, or the space was exhausted. */
  readonly stopped: "budget" | "timeout" | "exhausted" | "proven";
}

export interface AdviseReport {
  readonly products: readonly Product[];
  readonly stack_info: readonly Justification[];
  readonly stats: AdviseStats;
}

/** Searches a compiled graph with a predictor (or exactly) and reports the best distinct stacks. */
export async function adviseGraph(graph: CompiledGraph, pipeline: Pipeline, options: AdviseOptions): Promise<AdviseReport> {
  const t0 = options.now();
  const found = options.predictor === "exact" ? exact(graph, options) : await search(graph, options);
  const elapsed = options.now() - t0;
  const products = found.top.map((s) => product(graph, pipeline, s)).filter((p): p is Product => p !== null)
    .sort((a, b) => b.score - a.score).slice(0, options.count);
  return {
    products,
    stack_info: pipeline.stackInfo,
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
    },
  };
}

interface Found {
  readonly top: readonly ScoredStack[];
  readonly stacks: number;
  readonly deadEnds: number;
  readonly bestAt: number;
  readonly optimal: boolean;
  readonly gap: number | null;
  readonly stopped: AdviseStats["stopped"];
}

async function search(graph: CompiledGraph, options: AdviseOptions): Promise<Found> {
  if (options.predictor === "exact") throw new Error("bug: exact is not a rollout predictor");
  const predictor = createPredictor(options.predictor, graph, options.seed, Math.max(options.count, 10));
  const deadline = options.deadline;
  const report = await runSearch(predictor, {
    budget: options.budget, batchSize: options.batchSize, runner: options.runner ?? createInProcessRunner(graph),
    shouldStop: deadline === undefined ? undefined : () => options.now() >= deadline,
    onBatch: options.onProgress,
  });
  const last = report.trace.at(-1);
  return {
    top: report.top, stacks: report.stacks, deadEnds: report.deadEnds, bestAt: last?.stacks ?? 0,
    optimal: false, gap: null,
    stopped: report.stopped === "stopped" ? "timeout" : report.stopped === "budget" ? "budget" : "exhausted",
  };
}

function exact(graph: CompiledGraph, options: AdviseOptions): Found {
  const deadline = options.deadline;
  let timedOut = false;
  const shouldStop = deadline === undefined ? undefined : () => (timedOut = options.now() >= deadline);
  const r = branchAndBound(graph, { topK: options.count, maxNodes: options.budget * 1000, shouldStop });
  return r.status === "optimal"
    ? { top: r.top, stacks: r.stats.stacks, deadEnds: r.stats.deadEnds, bestAt: r.stats.stacks, optimal: true, gap: r.top.length > 0 ? 0 : null, stopped: "proven" }
    : { top: r.top, stacks: r.stats.stacks, deadEnds: r.stats.deadEnds, bestAt: r.stats.stacks, optimal: false, gap: Number.isFinite(r.gap) ? r.gap : null, stopped: timedOut ? "timeout" : "budget" };
}

/** A stack as the report shows it: through the pipeline's state steps, strides and wraps (null when a stride rejects it). */
function product(graph: CompiledGraph, pipeline: Pipeline, stack: ScoredStack): Product | null {
  const packages = pinnedPackages(graph, stack.pins);
  const verdict = pipeline.judgeStack(packages);
  if (!verdict.accepted) return null;
  const breakdown: Record<string, { score: number; units: Record<string, number> }> = {};
  for (const [name, version] of Object.entries(packages)) {
    const units = Object.fromEntries(pipeline.breakdown(name, version).map((u) => [u.unit, round(u.score)]));
    breakdown[name] = { score: round(pipeline.score(name, version)), units };
  }
  return { score: round(verdict.score), packages, breakdown, justification: verdict.justifications };
}

const round = (x: number) => Math.round(x * 1e9) / 1e9;
