import { UNIFORM } from "../rollout/rollout-policy.js";
import type { RolloutRequest } from "../rollout/rollout-request.js";
import type { Predictor, PredictorOptions } from "./predictor.js";
import { requestSeed } from "../random/index.js";
import { createStartStacks } from "./start-stacks.js";
import { createTopK } from "./top-k.js";

const EMPTY = new Int32Array(0);

/** Uniform rollouts from the root; learns nothing (the baseline). */
export function createRandomWalk(options: PredictorOptions): Predictor {
  const top = createTopK(options.topK ?? 10);
  const starts = createStartStacks(options.starts, options.seed);
  let next = 0;
  return {
    name: "random-walk",
    planBatch(n) {
      const out: RolloutRequest[] = [];
      next += starts.plan(out, n, next);
      for (let i = out.length; i < n; i++, next++) out.push({ id: next, prefix: EMPTY, seed: requestSeed(options.seed, next), policy: UNIFORM });
      return out;
    },
    absorb(results) {
      for (const r of results) top.offer(r);
    },
    incumbent: top.incumbent,
    top: top.top,
  };
}
