/**
 * The range of every number a user gives the objective: a score in a scores file, a prescription
 * step's score, a weight. Bounded so that no product score can overflow: a stack's reward is a sum
 * over its packages of weighted unit scores, each at most MAX_SCORE × MAX_WEIGHT = 1e12 in
 * magnitude, so even a million packages with a hundred units each stay below 1e20, far from
 * Number.MAX_VALUE (a scores file of two 9e307 values summed to Infinity and froze the search).
 */
export const MAX_SCORE = 1_000_000;
export const MAX_WEIGHT = 1_000_000;

/** The documented range, as an error message words it. */
export const SCORE_RANGE_TEXT = `a finite number from -${MAX_SCORE.toLocaleString("en-US")} to ${MAX_SCORE.toLocaleString("en-US")}`;
export const WEIGHT_RANGE_TEXT = `a finite number from 0 to ${MAX_WEIGHT.toLocaleString("en-US")}`;

/** True for a finite score inside [-MAX_SCORE, MAX_SCORE]. */
export function isScoreInRange(x: number): boolean {
  return Number.isFinite(x) && Math.abs(x) <= MAX_SCORE;
}

/** True for a finite weight inside [0, MAX_WEIGHT]. */
export function isWeightInRange(x: number): boolean {
  return Number.isFinite(x) && x >= 0 && x <= MAX_WEIGHT;
}
