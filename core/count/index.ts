/**
 * Stack counting: the exact number of stacks (final states) of a compiled graph, by memoized
 * model counting with component decomposition (not enumeration).
 *
 * ```ts
 * const r = countStacks(graph);
 * if (r.status === "exact") console.log(r.text);   // a decimal string; r.count is a bigint
 * ```
 */
export { countStacks, stackCounter, type CountOptions, type CountResult, type CountStats, type StackCounter } from "./count-stacks.js";
export { ruleChoice, SAMPLE_RULES, sampleStacks, uniformBelow, type SampleOptions, type SampleResult, type SampleRule } from "./sample-stacks.js";
export { forEachStack } from "./enumerate-stacks.js";
export { oneChangeStacks, replayStack } from "./one-change.js";
