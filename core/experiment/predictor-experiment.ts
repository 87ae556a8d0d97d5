import { branchAndBound } from "../exact/index.js";
import type { CompiledGraph } from "../graph/index.js";
import { bestWithin, runSearch } from "../predictor/index.js";
import { createInProcessRunner } from "../rollout/index.js";
import { createPredictor, type RolloutPredictorName } from "../advise/predictor-choice.js";
import { pinnedPackages } from "../report/index.js";

export interface ExperimentOptions {
  readonly predictors: readonly RolloutPredictorName[];
  readonly seeds: readonly number[];
  /** Stacks scored at which the best score is read, ascending; the last is the budget. */
  readonly checkpoints: readonly number[];
  /** Milliseconds from any fixed origin: the caller's clock. */
  readonly now: () => number;
  readonly batchSize?: number;
  /** Called after each run (for progress). */
  readonly onRun?: (predictor: string, seed: number, done: number, total: number) => void;
}

export interface PredictorSummary {
  /** Per checkpoint: the best score reached as a ratio to the optimum, over the seeds. */
  readonly ratios: readonly { readonly stacks: number; readonly median: number; readonly worst: number; readonly best: number }[];
  readonly stacks_per_second: number;
  /** Per seed and checkpoint: the ratio (for plots). */
  readonly runs: readonly (readonly number[])[];
}

export interface ExperimentReport {
  readonly universe: { readonly packages: number; readonly versions: number };
  readonly optimum: { readonly score: number; readonly packages: Readonly<Record<string, string>>; readonly proof_ms: number; readonly nodes: number };
  readonly checkpoints: readonly number[];
  readonly predictors: Readonly<Record<string, PredictorSummary>>;
}

/**
 * The predictor experiment: the exact optimum by branch and bound, then every predictor with
 * every seed up to the last checkpoint, reading its best score (as a ratio to the optimum) at
 * each checkpoint. Scores must be positive-optimum for ratios to read as "percent of the optimum".
 */
export async function runExperiment(graph: CompiledGraph, options: ExperimentOptions): Promise<ExperimentReport> {
  const t0 = options.now();
  const exact = branchAndBound(graph, { topK: 1 });
  const proofMs = options.now() - t0;
  if (exact.status !== "optimal" || exact.optimum === null) throw new Error("the universe has no stack, or its optimum was not proven");
  const optimum = exact.optimum.score;
  const budget = options.checkpoints[options.checkpoints.length - 1];
  const predictors: Record<string, PredictorSummary> = {};
  const total = options.predictors.length * options.seeds.length;
  let done = 0;
  for (const name of options.predictors) {
    const runs: number[][] = [];
    let stacks = 0;
    let ms = 0;
    for (const seed of options.seeds) {
      const started = options.now();
      const report = await runSearch(createPredictor(name, graph, seed, 1), { budget, batchSize: options.batchSize, runner: createInProcessRunner(graph) });
      ms += options.now() - started;
      stacks += report.stacks;
      runs.push(options.checkpoints.map((c) => ratio(bestWithin(report, c), optimum)));
      options.onRun?.(name, seed, ++done, total);
    }
    predictors[name] = {
      ratios: options.checkpoints.map((stacksAt, i) => {
        const values = runs.map((r) => r[i]).sort((a, b) => a - b);
        return { stacks: stacksAt, median: median(values), worst: values[0], best: values[values.length - 1] };
      }),
      stacks_per_second: ms > 0 ? Math.round((stacks / ms) * 1000) : 0,
      runs,
    };
  }
  return {
    universe: { packages: graph.packageCount - 1, versions: graph.candidateCount - 1 },
    optimum: { score: optimum, packages: pinnedPackages(graph, exact.optimum.pins), proof_ms: Math.round(proofMs * 10) / 10, nodes: exact.stats.nodes },
    checkpoints: options.checkpoints,
    predictors,
  };
}

/** The best score as a ratio to the optimum; no stack yet counts as 0. */
function ratio(best: number, optimum: number): number {
  return Number.isFinite(best) ? best / optimum : 0;
}

function median(sorted: readonly number[]): number {
  const m = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}
