import type { RolloutRequest, RolloutResult } from "../rollout/rollout-request.js";

/** A stack with its score: pins per package (version index, -1 = not installed). */
export interface ScoredStack {
  readonly score: number;
  readonly pins: Int32Array;
}

/**
 * A predictor (glossary): plans batches of rollouts and learns from their rewards. The two calls
 * are plain data in, plain data out, so a runner may execute the requests anywhere. Absorbing the
 * results of each batch in order makes a search deterministic for a seed.
 */
export interface Predictor {
  readonly name: string;
  /**
   * Requests for up to n rollouts in all (a request for k rollouts, leaf parallelism, counts k; its
   * result is their aggregate, RolloutResult.leaf); fewer (or none) when the predictor has nothing left to try.
   */
  planBatch(n: number): RolloutRequest[];
  /**
   * The results of the oldest planned batch not absorbed yet, in request order (runSearch may keep
   * several batches in flight: a predictor accounts for the requests it planned and has no results
   * for yet, e.g. mcts's virtual loss).
   */
  absorb(results: readonly RolloutResult[]): void;
  /** The best stack so far (anytime), or null. */
  incumbent(): ScoredStack | null;
  /** The best distinct stacks so far, best first. */
  top(): readonly ScoredStack[];
}

/** Options every predictor takes. */
export interface PredictorOptions {
  readonly seed: number;
  /** How many distinct stacks to keep (default 10). */
  readonly topK?: number;
  /**
   * Stacks (pins per package) scored first, in order, before anything the predictor plans itself:
   * the resolver's newest-first stack (resolverStack), a known incumbent. A learning predictor
   * starts from the best of them. Default none (createPredictor passes the resolver's stack).
   */
  readonly starts?: readonly Int32Array[];
  /**
   * Leaf parallelism k (default 1): rollouts per request from the predictor's own prefixes (mcts's
   * tree leaves, td's root); start stacks and local moves stay one rollout each (they name a whole stack).
   */
  readonly leafRollouts?: number;
}
