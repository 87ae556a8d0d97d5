/**
 * How a rollout picks the version of the next unresolved package (the lowest-numbered one).
 * - uniform: uniformly among its allowed versions.
 * - softmax: probability ∝ exp(values[candidate] / temperature) among its allowed versions.
 * - prefer: versions[package] when it is allowed, otherwise uniform (repairs a stack after a move;
 *   replays a known stack).
 */
export type RolloutPolicy =
  | { readonly kind: "uniform" }
  | { readonly kind: "softmax"; readonly values: Float64Array; readonly temperature: number }
  | { readonly kind: "prefer"; readonly versions: Int32Array };

export const UNIFORM: RolloutPolicy = Object.freeze({ kind: "uniform" });
