/**
 * The defaults of an advise, the same embedded (`maat advise`) and on a coordinator, so a request
 * gives the same report either way (the target's defaults are core/request's REQUEST_DEFAULTS).
 */
export const ADVISE_DEFAULTS = Object.freeze({
  recommendation: "stable",
  predictor: "auto",
  budget: 10_000,
  count: 3,
  seed: 0,
  /** Rollouts per batch: the search's rounds (MAAT_BATCH_SIZE on a coordinator). */
  batchSize: 256,
  /**
   * Batches in flight (`--in-flight`, AdviseRequest.in_flight, MAAT_IN_FLIGHT on a coordinator):
   * the search plans batch n + D once batch n is absorbed. Chosen by measurement (docs/scaling.md):
   * on the advise suite (flask-2020 and tf21, random objectives, mcts and td, 10,000 stacks, seeds
   * 1 and 2) the best score at equal stacks falls 1.5-1.9% at D = 2 and 4-10% at D = 4 on tf21
   * (the issue allows 0.5%), while no throughput gain of D > 1 was measurable on 2 loaded cores.
   * Raise it on a cluster whose NATS round trip is long against a batch's work.
   */
  inFlight: 1,
  /**
   * Leaf parallelism k (`--leaf-rollouts`, AdviseRequest.leaf_rollouts, MAAT_LEAF_ROLLOUTS on a
   * coordinator): rollouts per mcts or td request from its prefix, the worker returning their
   * aggregate, so the coordinator's work per stack falls by about k. 1 (docs/scaling.md: the
   * measurement).
   */
  leafRollouts: 1,
  /** The search time a coordinator gives a request that sets none (MAAT_DEFAULT_TIMEOUT_SECONDS); embedded, none. */
  serverTimeoutSeconds: 600,
} as const);
