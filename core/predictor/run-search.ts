import { type RolloutRequest, type RolloutResult, deadEndsOf, rolloutsOf, stacksOf } from "../rollout/rollout-request.js";
import type { RolloutRunner } from "../rollout/rollout-runner.js";
import type { Predictor, ScoredStack } from "./predictor.js";

export interface SearchOptions {
  /** Stacks scored allowed (dead ends are counted apart). */
  readonly budget: number;
  /** Rollouts per batch (default 64): a request for k rollouts (leaf parallelism) counts k. */
  readonly batchSize?: number;
  /**
   * Batches in flight (default 1): batch n + D is planned once batch n is absorbed, and results are
   * absorbed in batch order whatever order the runner answers in, so a seed and D give one search.
   */
  readonly inFlight?: number;
  readonly runner: RolloutRunner;
  /** Stop after this many rollouts whatever they gave (default 20 × budget + 1,000). */
  readonly maxRollouts?: number;
  /** Asked before each batch is planned: true stops the search there (the batches in flight are still absorbed). */
  readonly shouldStop?: () => boolean;
  /** Each batch's results in batch order, just before the predictor absorbs them. */
  readonly onResults?: (results: readonly RolloutResult[]) => void;
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

/** The largest `inFlight` runSearch takes. */
export const MAX_IN_FLIGHT = 64;

/**
 * The search driver: plan, run, absorb in batch order until the budget of stacks is spent, with up
 * to `inFlight` batches outstanding (pipelining). Deterministic for a seeded predictor and a given
 * `inFlight`: what is planned depends only on what was absorbed before, and a batch is sized by the
 * budget left after the stacks scored and the requests still in flight. With inFlight 1 this is the
 * plain loop (plan, run, absorb). The predictor accounts for its requests in flight itself (mcts's
 * virtual loss, td's schedule).
 */
export async function runSearch(predictor: Predictor, options: SearchOptions): Promise<SearchReport> {
  const batchSize = Math.max(1, options.batchSize ?? 64);
  const depth = options.inFlight ?? 1;
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_IN_FLIGHT) throw new RangeError(`inFlight must be an integer from 1 to ${MAX_IN_FLIGHT}, got ${depth}`);
  const maxRollouts = options.maxRollouts ?? 20 * options.budget + 1000;
  let stacks = 0;
  let deadEnds = 0;
  let invalid = 0;
  let batches = 0;
  let best = -Infinity;
  const trace: { stacks: number; score: number }[] = [];
  let stopped: SearchReport["stopped"] | null = null;
  const queue: { readonly size: number; readonly results: Promise<RolloutResult[]> }[] = [];
  let outstanding = 0;
  /** Plans batches while fewer than `depth` are in flight; false once the search must end when the queue empties. */
  const fill = (): void => {
    while (stopped === null && queue.length < depth) {
      if (stacks >= options.budget) { stopped = "budget"; return; }
      if (stacks + deadEnds + invalid + outstanding >= maxRollouts) { if (queue.length === 0) stopped = "max-rollouts"; return; }
      // The first batch always runs: a search stopped at once still scores its start stacks (the resolver's: never below latest).
      if ((batches > 0 || queue.length > 0) && options.shouldStop?.()) { stopped = "stopped"; return; }
      const room = options.budget - stacks - outstanding;
      if (room <= 0) return; // wait: the batches in flight may spend the budget, or give dead ends
      const requests = predictor.planBatch(Math.min(batchSize, room));
      if (requests.length === 0) {
        if (queue.length === 0) stopped = "exhausted";
        return;
      }
      const results = options.runner.run(requests);
      // Absorbed (or its failure thrown) in order below; a failure behind an earlier one is not unhandled.
      results.catch(() => {});
      const size = rolloutCount(requests);
      queue.push({ size, results });
      outstanding += size;
    }
  };
  fill();
  while (queue.length > 0) {
    const head = queue.shift()!;
    const results = await head.results;
    outstanding -= head.size;
    batches++;
    for (const r of results) {
      const s = stacksOf(r);
      const d = deadEndsOf(r);
      stacks += s;
      deadEnds += d;
      invalid += rolloutsOf(r) - s - d;
      if (r.kind === "stack" && r.reward > best) { best = r.reward; trace.push({ stacks, score: best }); }
    }
    options.onResults?.(results);
    predictor.absorb(results);
    options.onBatch?.({ stacks, deadEnds, best });
    fill();
  }
  return { predictor: predictor.name, incumbent: predictor.incumbent(), top: predictor.top(), stacks, deadEnds, invalid, batches, stopped: stopped ?? "budget", trace };
}

/** The rollouts a batch asks for (leaf parallelism: a request's `rollouts`, default 1). */
function rolloutCount(requests: readonly RolloutRequest[]): number {
  let n = 0;
  for (const r of requests) n += r.rollouts ?? 1;
  return n;
}

/** The best score reached within the first `stacks` stacks scored, from a report's trace. */
export function bestWithin(report: SearchReport, stacks: number): number {
  let best = -Infinity;
  for (const t of report.trace) if (t.stacks <= stacks) best = t.score;
  return best;
}
