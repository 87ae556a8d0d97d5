import type { RolloutRunner } from "../rollout/rollout-runner.js";
import type { Predictor, ScoredStack } from "./predictor.js";

export interface SearchOptions {
  /** Stacks scored allowed (dead ends are counted apart). */
  readonly budget: number;
  /** Requests per batch (default 64). */
  readonly batchSize?: number;
  readonly runner: RolloutRunner;
  /** Stop after this many rollouts whatever they gave (default 20 × budget + 1,000). */
  readonly maxRollouts?: number;
  /** Asked before each batch: true stops the search there (a deadline, a cancellation). */
  readonly shouldStop?: () => boolean;
  /** Called after each absorbed batch with the stacks and dead ends so far and the best score. */
  readonly onBatch?: (progress: { readonly stacks: number; readonly deadEnds: number; readonly best: number }) => void;
}

export interface SearchReport {
  readonly predictor: string;
  readonly incumbent: ScoredStack | null;
  readonly top: readonly ScoredStack[];
  /** Stacks scored. */
  readonly stacks: number;
  readonly deadEnds: number;
  /** Requests whose prefix could not be applied. */
  readonly invalid: number;
  readonly batches: number;
  /** Why it stopped. */
  readonly stopped: "budget" | "exhausted" | "max-rollouts" | "stopped";
  /** Each improvement of the best score, with the number of stacks scored when it came (in result order). */
  readonly trace: readonly { readonly stacks: number; readonly score: number }[];
}

/** The search driver: plan, run, absorb in batch order until the budget of stacks is spent. Deterministic for a seeded predictor. */
export async function runSearch(predictor: Predictor, options: SearchOptions): Promise<SearchReport> {
  const batchSize = Math.max(1, options.batchSize ?? 64);
  const maxRollouts = options.maxRollouts ?? 20 * options.budget + 1000;
  let stacks = 0;
  let deadEnds = 0;
  let invalid = 0;
  let batches = 0;
  let best = -Infinity;
  const trace: { stacks: number; score: number }[] = [];
  let stopped: SearchReport["stopped"] = "budget";
  while (stacks < options.budget) {
    if (stacks + deadEnds + invalid >= maxRollouts) { stopped = "max-rollouts"; break; }
    if (options.shouldStop?.()) { stopped = "stopped"; break; }
    const requests = predictor.planBatch(Math.min(batchSize, options.budget - stacks));
    if (requests.length === 0) { stopped = "exhausted"; break; }
    const results = await options.runner.run(requests);
    batches++;
    for (const r of results) {
      if (r.kind === "stack") {
        stacks++;
        if (r.reward > best) { best = r.reward; trace.push({ stacks, score: best }); }
      } else if (r.kind === "dead-end") deadEnds++;
      else invalid++;
    }
    predictor.absorb(results);
    options.onBatch?.({ stacks, deadEnds, best });
  }
  return { predictor: predictor.name, incumbent: predictor.incumbent(), top: predictor.top(), stacks, deadEnds, invalid, batches, stopped, trace };
}

/** The best score reached within the first `stacks` stacks scored, from a report's trace. */
export function bestWithin(report: SearchReport, stacks: number): number {
  let best = -Infinity;
  for (const t of report.trace) if (t.stacks <= stacks) best = t.score;
  return best;
}
