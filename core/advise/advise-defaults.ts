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
  /** The search time a coordinator gives a request that sets none (MAAT_DEFAULT_TIMEOUT_SECONDS); embedded, none. */
  serverTimeoutSeconds: 600,
} as const);
