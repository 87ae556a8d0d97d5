import type { RolloutPolicy } from "./rollout-policy.js";

/** One rollout to run: apply `prefix` from the root, then complete by `policy` with `seed`. Plain data. */
export interface RolloutRequest {
  /** Unique within a search; results carry it back. */
  readonly id: number;
  /** Flattened (package, version index) pairs, applied in order from the root. */
  readonly prefix: Int32Array;
  readonly seed: number;
  readonly policy: RolloutPolicy;
  /**
   * Leaf parallelism: rollouts to run from the prefix (default 1), rollout i with seed
   * leafSeed(seed, i); the result is their aggregate (LeafAggregate), the best stack standing for them.
   */
  readonly rollouts?: number;
}

/**
 * What k > 1 rollouts of one request gave beside the result that stands for them (the best stack,
 * the first of equal rewards; else the first dead end; else invalid). Absent on a result: one rollout.
 */
export interface LeafAggregate {
  /** Rollouts run (the request's rollouts). */
  readonly count: number;
  /** Of them, those that gave a stack. */
  readonly stacks: number;
  /** The sum of their stacks' rewards (the max is the result's reward when it is a stack). */
  readonly rewardSum: number;
  /** Per rollout that hit a dead end, in rollout order: the package whose allowed versions became empty. */
  readonly deadEnds: Int32Array;
}

/**
 * What a rollout gave. `stop`, only from a runner that judges stacks with the stack rules (see
 * StackJudge): the eager stop (an index into the rules' stops) the stack asked for, or for an
 * aggregate the first one its rollouts asked for; the search applies it once the result is absorbed.
 */
export type RolloutResult =
  | {
      readonly kind: "stack";
      readonly id: number;
      readonly reward: number;
      /** Per package: the pinned version index, or -1 (not installed). */
      readonly pins: Int32Array;
      /** Candidates in pin order (the prefix's first). */
      readonly path: Int32Array;
      readonly leaf?: LeafAggregate;
      readonly stop?: number;
    }
  | {
      readonly kind: "dead-end";
      readonly id: number;
      readonly reward: number;
      /** The package whose allowed versions became empty. */
      readonly package: number;
      /** Pins made when it happened (the root counts). */
      readonly depth: number;
      /** Candidates in pin order up to and including the pin that emptied `package`. */
      readonly path: Int32Array;
      readonly leaf?: LeafAggregate;
      readonly stop?: number;
    }
  | { readonly kind: "invalid"; readonly id: number; readonly reward: number; readonly path: Int32Array; readonly leaf?: LeafAggregate; readonly stop?: number };

/** Rollouts a result stands for. */
export function rolloutsOf(r: RolloutResult): number {
  return r.leaf === undefined ? 1 : r.leaf.count;
}

/** Stacks a result stands for. */
export function stacksOf(r: RolloutResult): number {
  return r.leaf === undefined ? (r.kind === "stack" ? 1 : 0) : r.leaf.stacks;
}

/** Dead ends a result stands for. */
export function deadEndsOf(r: RolloutResult): number {
  return r.leaf === undefined ? (r.kind === "dead-end" ? 1 : 0) : r.leaf.deadEnds.length;
}
