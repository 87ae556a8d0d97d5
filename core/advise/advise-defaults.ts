/**
 * The defaults of an advise, the same embedded (`maat advise`) and on a coordinator, so a request
 * gives the same report either way.
 */
export const ADVISE_DEFAULTS = Object.freeze({
  python: "3.12",
  platform: "linux",
  recommendation: "stable",
  predictor: "mcts",
  budget: 10_000,
  count: 3,
  seed: 0,
  /** Rollouts per batch: the search's rounds (MAAT_BATCH_SIZE on a coordinator). */
  batchSize: 256,
} as const);
