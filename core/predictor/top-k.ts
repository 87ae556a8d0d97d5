import type { RolloutResult } from "../rollout/rollout-request.js";
import type { ScoredStack } from "./predictor.js";

/** The best K distinct stacks (equal pins = the same stack), best first; ties keep the earlier one first. */
export interface TopK {
  /** Offers a result; returns true when it is a new incumbent. Dead ends are ignored. */
  offer(result: RolloutResult): boolean;
  offerStack(score: number, pins: Int32Array): boolean;
  incumbent(): ScoredStack | null;
  top(): readonly ScoredStack[];
}

export function createTopK(k: number): TopK {
  const list: ScoredStack[] = [];
  const keys = new Set<string>();
  const offerStack = (score: number, pins: Int32Array): boolean => {
    if (k <= 0) return false;
    if (list.length === k && score <= list[k - 1].score) return false;
    const key = pins.join(",");
    if (keys.has(key)) return false;
    let i = list.length;
    while (i > 0 && list[i - 1].score < score) i--;
    list.splice(i, 0, { score, pins: pins.slice() });
    keys.add(key);
    if (list.length > k) keys.delete((list.pop() as ScoredStack).pins.join(","));
    return i === 0;
  };
  return {
    offer: (r) => (r.kind === "stack" ? offerStack(r.reward, r.pins) : false),
    offerStack,
    incumbent: () => list[0] ?? null,
    top: () => list,
  };
}
