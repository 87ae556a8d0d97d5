import type { RolloutPolicy } from "./rollout-policy.js";

/** One rollout to run: apply `prefix` from the root, then complete by `policy` with `seed`. Plain data. */
export interface RolloutRequest {
  /** Unique within a search; results carry it back. */
  readonly id: number;
  /** Flattened (package, version index) pairs, applied in order from the root. */
  readonly prefix: Int32Array;
  readonly seed: number;
  readonly policy: RolloutPolicy;
}

/** What a rollout gave. */
export type RolloutResult =
  | {
      readonly kind: "stack";
      readonly id: number;
      readonly reward: number;
      /** Per package: the pinned version index, or -1 (not installed). */
      readonly pins: Int32Array;
      /** Candidates in pin order (the prefix's first). */
      readonly path: Int32Array;
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
    }
  | { readonly kind: "invalid"; readonly id: number; readonly reward: number; readonly path: Int32Array };
