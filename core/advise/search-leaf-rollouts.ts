import type { StackRulesRunner } from "../stack-rules/index.js";

/**
 * The leaf rollouts a rollout search asks per request through its runner: `asked` when there are
 * no stack rules (`rules` null) or they travelled to where rollouts run (each rollout's stack is
 * judged there, so the aggregate is of judged rewards); 1 when the coordinator judges the returned
 * stacks (function-only strides, or a runner that takes no rules), where only k = 1 is exact.
 */
export function searchLeafRollouts(asked: number, rules: StackRulesRunner | null): number {
  return rules === null || rules.travelled ? asked : 1;
}
