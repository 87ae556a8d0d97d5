import type { CompiledGraph } from "../graph/compiled-graph.js";

/**
 * The reward of a dead end: -(sum over packages of the largest |score| of a candidate) - 1, below
 * the score of every stack (a stack's score is at least minus that sum).
 */
export function deadEndReward(graph: CompiledGraph): number {
  let sum = 0;
  for (let p = 0; p < graph.packageCount; p++) {
    let m = 0;
    for (let c = graph.versionStart[p]; c < graph.versionStart[p + 1]; c++) m = Math.max(m, Math.abs(graph.score[c]));
    sum += m;
  }
  return -sum - 1;
}
