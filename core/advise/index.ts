/**
 * One advise in core: the request and its validation, the decisions before a search (pipeline,
 * compiled graph, scores check, the feasibility check with the security type's "no safe stack"
 * answer), and the search itself with its report.
 */
export * from "./advise-graph.js";
export { ADVISE_DEFAULTS } from "./advise-defaults.js";
export { validateAdviseRequest, type AdviseRequest, type AdviseRequestInput, type AdviseSettings, type ScoreSource } from "./advise-request.js";
export { planAdvise, type AdviseKnowledge, type AdvisePlan } from "./advise-plan.js";
export { controlledSolve, type AdviseControl, type Stopped } from "./advise-control.js";
export { noStackAnswer, type NoStackAnswer, type Resolvable } from "./no-stack-answer.js";
export { AUTO_LEARNER, PREDICTOR_NAMES, ROLLOUT_PREDICTOR_NAMES, type PredictorName, type RolloutPredictorName } from "./predictor-choice.js";
export { AUTO_EXACT_NODES_PER_STACK, AUTO_EXACT_TIME_SHARE, autoSearch, type AutoPhases } from "./auto-search.js";
export type { Found, StopReason } from "./found.js";
export { noStackReason, type NoStackReason, type ExposedPackageJson } from "./no-stack.js";
export { secureStack, type ExposedPackage, type SecureStackOutcome } from "./secure-stack.js";
