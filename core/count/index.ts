/**
 * Stack counting: the exact number of stacks (final states) of a compiled graph, by memoized
 * model counting with component decomposition (not enumeration).
 *
 * ```ts
 * const r = countStacks(graph);
 * if (r.status === "exact") console.log(r.text);   // a decimal string; r.count is a bigint
 * ```
 */
export { countStacks, type CountOptions, type CountResult, type CountStats } from "./count-stacks.js";
export { forEachStack } from "./enumerate-stacks.js";
