/**
 * The defaults of an advise, the same embedded (`maat advise`) and on a coordinator, so a request
 * gives the same report either way (the target's defaults are core/request's REQUEST_DEFAULTS).
 */
export const ADVISE_DEFAULTS = Object.freeze({
  recommendation: "stable",
  predictor: "mcts",
  budget: 10_000,
  count: 3,
  seed: 0,
  /** Rollouts per batch: the search's rounds (MAAT_BATCH_SIZE on a coordinator). */
  batchSize: 256,
  /**
   * Batches in flight (`--in-flight`, AdviseRequest.in_flight, MAAT_IN_FLIGHT on a coordinator):
   * the search plans batch n + D once batch n is absorbed. Chosen by measurement (docs/scaling.md):
   * on tensorflow 2.1 mcts the best score at equal stacks was 0.2% below D = 1 at D = 2 and 1.3%
   * below at D = 4 (the issue allows 0.5%); 2 hides one NATS round trip per batch behind the next.
   */
  inFlight: 2,
  /** The search time a coordinator gives a request that sets none (MAAT_DEFAULT_TIMEOUT_SECONDS); embedded, none. */
  serverTimeoutSeconds: 600,
} as const);
