import type { ScoredStack } from "../predictor/index.js";

/** Why a search ended (AdviseStats.stopped). */
export type StopReason = "budget" | "timeout" | "exhausted" | "proven" | "eager-stop" | "interrupted";

/** What a search of adviseGraph found, before the report judges its stacks. */
export interface Found {
  readonly top: readonly ScoredStack[];
  readonly stacks: number;
  readonly deadEnds: number;
  readonly bestAt: number;
  readonly optimal: boolean;
  readonly gap: number | null;
  readonly stopped: StopReason;
  /** Exact and auto: the proven upper bound on the product score (null: no stack, or none proven), and the nodes searched. */
  readonly upperBound?: number | null;
  readonly nodes?: number;
  /** Auto: the rollout predictor that went on after exact (null: exact settled it). */
  readonly learner?: string | null;
}
