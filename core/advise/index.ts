export * from "./advise-graph.js";
export { PREDICTOR_NAMES, type PredictorName } from "./predictor-choice.js";
