import { MAX_LEAF_ROLLOUTS } from "../rollout/run-request.js";

/** A predictor's leafRollouts option checked (default 1); a RangeError names a bad value. */
export function leafRolloutsOption(k: number | undefined): number {
  const v = k ?? 1;
  if (!Number.isInteger(v) || v < 1 || v > MAX_LEAF_ROLLOUTS) throw new RangeError(`leafRollouts must be an integer from 1 to ${MAX_LEAF_ROLLOUTS}, got ${v}`);
  return v;
}
