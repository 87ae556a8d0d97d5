export { randomScores, randomScoreStep } from "./random-scores.js";
export { runExperiment, type ExperimentOptions, type ExperimentReport, type PredictorSummary } from "./predictor-experiment.js";
export { randomPairwiseRules, relaxedScores, type PairwiseOptions } from "./pairwise-rules.js";
export { simulateProtocol, embeddedRate, type ProtocolCosts, type ProtocolShape, type ProtocolRun } from "./protocol-model.js";
