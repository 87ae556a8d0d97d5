import { UNIFORM } from "../rollout/rollout-policy.js";
import type { RolloutRequest } from "../rollout/rollout-request.js";
import type { Predictor, PredictorOptions } from "./predictor.js";
import { requestSeed } from "../random/index.js";
import { createTopK } from "./top-k.js";

const EMPTY = new Int32Array(0);

/** Uniform rollouts from the root; learns nothing (the baseline). */
export function createRandomWalk(options: PredictorOptions): Predictor {
  const top = createTopK(options.topK ?? 10);
  let next = 0;
  return {
    name: "random-walk",
    planBatch(n) {
      const out: RolloutRequest[] = [];
      for (let i = 0; i < n; i++, next++) out.push({ id: next, prefix: EMPTY, seed: requestSeed(options.seed, next), policy: UNIFORM });
      return out;
    },
    absorb(results) {
      for (const r of results) top.offer(r);
    },
    incumbent: top.incumbent,
    top: top.top,
  };
}
