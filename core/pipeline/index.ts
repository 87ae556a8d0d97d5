/**
 * The scoring pipeline: unit kinds as typed functions, the built-in units (OSV advisories,
 * recency, user stack, scores file), justifications, and the security type's "no safe stack"
 * answer.
 */
export type * from "./unit.js";
export {
  buildPipeline, type CandidateVerdict, type Pipeline, type PipelineOptions, type StackVerdict, type StopRequest, type UnitScore,
} from "./pipeline.js";
export {
  objectiveTermNames, objectiveWeights, OBJECTIVE_GROUPS, parseWeightFlag, UNWEIGHTED, weightErrorText,
  type ObjectiveGroup, type ObjectiveTermNames, type ObjectiveWeights, type ObjectiveWeightsOutcome, type WeightError, type WeightedUnit,
} from "./objective-weights.js";
export { advisoriesAffecting, advisoryNoticeStep, advisoryPenaltyStep, advisorySieve, pep440Order, type AdvisoriesByProject } from "./advisory-units.js";
export { recencyStep } from "./recency-step.js";
export { userStackStep } from "./user-stack-step.js";
export { scoresStep, unknownScoredPackages, type ScoreTable } from "./scores-step.js";
export { builtInUnits, type BuiltInConfig } from "./built-in-units.js";
export { versionMatches, versionIdentity } from "./version-match.js";
export { impliedByRoot } from "./root-implied.js";
export { isScoreInRange, isWeightInRange, MAX_SCORE, MAX_WEIGHT, SCORE_RANGE_TEXT, WEIGHT_RANGE_TEXT } from "./score-bounds.js";
