export { randomScores } from "./random-scores.js";
export { runExperiment, type ExperimentOptions, type ExperimentReport, type PredictorSummary } from "./predictor-experiment.js";
