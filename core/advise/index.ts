export * from "./advise-graph.js";
export { PREDICTOR_NAMES, type PredictorName } from "./predictor-choice.js";
export { noStackReason, type NoStackReason, type ExposedPackageJson } from "./no-stack.js";
