/**
 * The stack rules: the state-dependent part of a pipeline (state steps, declarative strides, eager
 * stops) compiled against one graph, and the runner wrapper that makes a search's reward the
 * product score.
 */
export { compileStatePredicates, predicateApplies, type StatePredicate } from "./state-predicate.js";
export {
  compileStackRules, createStackRules, stackRulesRunner, type CandidateStop, type StackJudgement, type StackRules, type StackRulesRunner,
} from "./stack-rules.js";
