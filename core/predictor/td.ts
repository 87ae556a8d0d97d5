import type { CompiledGraph } from "../graph/compiled-graph.js";
import { deadEndReward } from "../rollout/dead-end-reward.js";
import type { RolloutRequest } from "../rollout/rollout-request.js";
import type { Predictor, PredictorOptions } from "./predictor.js";
import { requestSeed } from "./request-seed.js";
import { createTopK } from "./top-k.js";

export interface TdOptions extends PredictorOptions {
  /** Learning rate (default 0.1). */
  readonly alpha?: number;
  /** Trace decay λ of the λ-return (default 0.8). */
  readonly lambda?: number;
  /** Softmax temperature as a fraction of the observed reward spread: from `startTemperature` (default 0.3) to `endTemperature` (default 0.02) over `horizon` stacks (default 10,000). */
  readonly startTemperature?: number;
  readonly endTemperature?: number;
  readonly horizon?: number;
}

const EMPTY = new Int32Array(0);

/**
 * TD(λ) learning of action values, one per candidate, used as the softmax rollout policy.
 *
 * An episode is a rollout's path c1..cT with reward r_t = score(c_t); a dead end adds
 * (deadEndReward - partial score) to its last step, so the choice that led there learns the
 * conflict. Values move toward the forward-view λ-return
 * G_t = r_t + (1 - λ) Q(c_{t+1}) + λ G_{t+1} (SARSA(λ) without discounting). Values start at the
 * candidate's own score. Requests share `values` by reference: a distributed runner copies them
 * with the batch.
 */
export function createTd(graph: CompiledGraph, options: TdOptions): Predictor & { readonly values: Float64Array } {
  const g = graph;
  const top = createTopK(options.topK ?? 10);
  const alpha = options.alpha ?? 0.1;
  const lambda = options.lambda ?? 0.8;
  const t0 = options.startTemperature ?? 0.3;
  const t1 = options.endTemperature ?? 0.02;
  const horizon = options.horizon ?? 10_000;
  const values = Float64Array.from(g.score);
  const dead = deadEndReward(g);
  let lo = Infinity;
  let hi = -Infinity;
  let stacks = 0;
  let next = 0;
  return {
    name: "td",
    values,
    planBatch(n) {
      const spread = hi > lo ? hi - lo : 1;
      const temperature = Math.max(1e-6, spread * (t0 + (t1 - t0) * Math.min(1, stacks / horizon)));
      const policy = { kind: "softmax" as const, values, temperature };
      const out: RolloutRequest[] = [];
      for (let i = 0; i < n; i++, next++) out.push({ id: next, prefix: EMPTY, seed: requestSeed(options.seed, next), policy });
      return out;
    },
    absorb(results) {
      for (const r of results) {
        top.offer(r);
        if (r.kind === "stack") {
          stacks++;
          lo = Math.min(lo, r.reward);
          hi = Math.max(hi, r.reward);
        }
        const path = r.path;
        if (path.length === 0) continue;
        let partial = 0;
        for (let t = 0; t < path.length; t++) partial += g.score[path[t]];
        let G = 0;
        for (let t = path.length - 1; t >= 0; t--) {
          const c = path[t];
          let reward = g.score[c];
          if (t === path.length - 1) {
            if (r.kind !== "stack") reward += dead - partial;
            G = reward;
          } else {
            G = reward + (1 - lambda) * values[path[t + 1]] + lambda * G;
          }
          values[c] += alpha * (G - values[c]);
        }
      }
    },
    incumbent: top.incumbent,
    top: top.top,
  };
}
