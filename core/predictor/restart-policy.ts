import { type RolloutPolicy, UNIFORM } from "../rollout/rollout-policy.js";

/**
 * Rollouts from the root over the informed values for a local search's (re)starts: a softmax at
 * 0.3 of each package's spread, hotter after each batch of them that finds no stack (1, 3, 10,
 * then uniform), back to 0.3 once one does. Where conflicts are everywhere, the knowledge's
 * favourites may all be dead ends; a hotter policy still finds the stacks.
 */
export interface RestartPolicy {
  policy(): RolloutPolicy;
  /** After a batch of restart rollouts: whether one of them gave a stack. */
  found(stack: boolean): void;
}

const TEMPERATURES = [0.3, 1, 3, 10];

export function createRestartPolicy(values: Float64Array): RestartPolicy {
  const ladder: RolloutPolicy[] = [...TEMPERATURES.map((temperature): RolloutPolicy => ({ kind: "softmax", values, temperature })), UNIFORM];
  let level = 0;
  return {
    policy: () => ladder[level],
    found(stack) {
      level = stack ? 0 : Math.min(level + 1, ladder.length - 1);
    },
  };
}
