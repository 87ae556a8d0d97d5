export * from "./advise-graph.js";
export { PREDICTOR_NAMES, type PredictorName } from "./predictor-choice.js";
export { secureStack, type ExposedPackage, type SecureStackOutcome } from "./secure-stack.js";
