/**
 * The stack rules: the state-dependent part of a pipeline (state steps, declarative strides, eager
 * stops) compiled against one graph, their serialised form (what travels to threads and workers),
 * and the runner wrapper that makes a search's reward the product score on the coordinator when
 * the runner cannot judge stacks itself.
 */
export { compileStatePredicates, predicateApplies, type StatePredicate } from "./state-predicate.js";
export {
  compileStackRules, createStackRules, stackRulesRunner, type CandidateStop, type StackJudgement, type StackRules, type StackRulesOptions, type StackRulesRunner,
} from "./stack-rules.js";
export { STACK_RULES_FORMAT, serializeStackRules, stackRulesKey } from "./serialize-stack-rules.js";
export { deserializeStackRules } from "./deserialize-stack-rules.js";
