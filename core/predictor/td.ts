import type { CompiledGraph } from "../graph/compiled-graph.js";
import { deadEndReward } from "../rollout/dead-end-reward.js";
import { type RolloutRequest, rolloutsOf, stacksOf } from "../rollout/rollout-request.js";
import type { Predictor, PredictorOptions } from "./predictor.js";
import { requestSeed } from "../random/index.js";
import { createStartStacks } from "./start-stacks.js";
import { createTopK } from "./top-k.js";
import { informedValues } from "./informed-values.js";
import { createPolish } from "./polish.js";
import { mulberry32 } from "../random/index.js";
import { leafRolloutsOption } from "./leaf-rollouts.js";

export interface TdOptions extends PredictorOptions {
  /** Learning rate (default 0.05). */
  readonly alpha?: number;
  /** Trace decay λ of the λ-return (default 0.8). */
  readonly lambda?: number;
  /**
   * Softmax temperature in units of each package's own static score spread (the policy divides a
   * package's values by its spread): from `startTemperature` (default 0.3) to `endTemperature`
   * (default 0.01) over `horizon` stacks (default 10,000).
   */
  readonly startTemperature?: number;
  readonly endTemperature?: number;
  readonly horizon?: number;
  /** Share of each batch (after the first) spent on local search from the predictor's good stacks (createPolish; default 0.25; 0: rollouts only). */
  readonly polish?: number;
}

const EMPTY = new Int32Array(0);

/**
 * TD(λ) learning of action values, one per candidate, used as the softmax rollout policy. The
 * policy compares the versions of one package at a time, so it divides each package's values by
 * that package's static score spread (informedValues): the temperature is relative to what the
 * knowledge says about the package, and recency's small steps weigh as much as an advisory.
 *
 * An episode is a rollout's path c1..cT with reward r_t = score(c_t); the last step also gets the
 * difference between the result's reward and the path's static score: the stack rules' score, so
 * state-dependent rules steer through the reward; for a dead end or a stack the rules reject, a
 * failure reward a quarter of the seen reward range below the worst stack seen, so the choice
 * that led there learns the conflict. Values start at the informed lookahead (the static score plus what
 * the candidate's dependencies imply, see informedValues) and move toward the forward-view
 * λ-return G_t = r_t + (1 - λ) Q(c_{t+1}) + λ G_{t+1} (SARSA(λ) without discounting). A candidate
 * not chosen yet is valued at its lookahead plus the mean difference between return and lookahead
 * seen for its package. A share of each batch after the first (`polish`) is local search from
 * the predictor's good stacks (createPolish); those paths are episodes too. Requests share the scaled values
 * by reference: a distributed runner copies them with the batch.
 *
 * Leaf parallelism (`leafRollouts` k > 1): a request asks for k rollouts from the root and its
 * result is their best stack (or first dead end); the episode learned is that best path, an elite
 * sample as in the cross-entropy method (the others' paths do not come back), so values move toward
 * the best of k rather than a single sample's return. The schedule counts the k rollouts.
 */
export function createTd(graph: CompiledGraph, options: TdOptions): Predictor & { readonly values: Float64Array } {
  const g = graph;
  const top = createTopK(options.topK ?? 10);
  // Defaults tuned on the Flask experiment (10 seeds): 0.1/0.1 turned greedy after ~1,000 stacks
  // and stayed at 93% of the optimum; 0.3/0.05 reaches the optimum within 10,000 on every seed.
  const alpha = options.alpha ?? 0.05;
  const lambda = options.lambda ?? 0.8;
  const t0 = options.startTemperature ?? 0.3;
  const t1 = options.endTemperature ?? 0.01;
  const horizon = options.horizon ?? 10_000;
  const informed = informedValues(g);
  const { spread, lookahead } = informed;
  // The lookahead where finite; a candidate that cannot be completed below its package's worst.
  const prior = Float64Array.from(lookahead, (h, c) => (Number.isFinite(h) ? h : g.score[c] - spread[g.packageOf[c]] - 1));
  const values = Float64Array.from(prior);
  // A candidate not chosen yet is valued at its prior plus the mean (return - prior) seen for its
  // package, so it competes fairly with chosen ones (whose values hold returns to go).
  const visits = new Int32Array(g.candidateCount);
  const futureSum = new Float64Array(g.packageCount);
  const futureCount = new Int32Array(g.packageCount);
  const dead = deadEndReward(g);
  // A rollout that ends without a stack (a dead end, a stack the rules reject) is learned as a
  // little worse than the worst stack seen: bad enough to steer away, not so bad (the dead-end
  // reward is below every possible stack) that one failure buries a candidate for good.
  let worst = Infinity;
  let best = -Infinity;
  const failed = () => (best >= worst ? worst - 0.25 * (best - worst) - 1e-9 : dead);
  // Per package: the scale of its values in the policy (its lookahead spread; flat packages: the median spread, else 1).
  const positive = Array.from(spread).filter((s) => s > 0).sort((a, b) => a - b);
  const fallback = positive.length > 0 ? positive[positive.length >> 1] : 1;
  const inverse = new Float64Array(g.candidateCount);
  for (let c = 0; c < g.candidateCount; c++) {
    const s = spread[g.packageOf[c]];
    inverse[c] = 1 / (s > 0 ? s : fallback);
  }
  const starts = createStartStacks(options.starts, options.seed);
  const polish = options.polish ?? 0.25;
  const leaf = leafRolloutsOption(options.leafRollouts);
  const local = createPolish(g, informed, { seed: options.seed, random: mulberry32(options.seed ^ 0x3c6ef372) });
  let first = true;
  let stacks = 0;
  // Requests planned and not absorbed yet (batches in flight): the temperature schedule counts
  // them as the stacks they will mostly be, so it does not lag behind the plan.
  let planned = 0;
  let next = 0;
  return {
    name: "td",
    values,
    planBatch(n) {
      const temperature = Math.max(1e-6, t0 + (t1 - t0) * Math.min(1, (stacks + planned) / horizon));
      // A new array per batch: a runner may copy a batch's policy after the next one is planned.
      const scaled = new Float64Array(g.candidateCount);
      for (let c = 0; c < g.candidateCount; c++) scaled[c] = values[c] * inverse[c];
      const policy = { kind: "softmax" as const, values: scaled, temperature };
      const out: RolloutRequest[] = [];
      next += starts.plan(out, n, next);
      // Polish stays a share of the rollouts (a local move is one rollout; see mcts).
      if (!first) next += local.plan(out, Math.floor((n - out.length) * polish), next);
      first = false;
      let left = n - out.length;
      planned += n - left;
      for (; left > 0; next++) {
        const k = Math.min(leaf, left);
        left -= k;
        planned += k;
        const request = { id: next, prefix: EMPTY, seed: requestSeed(options.seed, next), policy };
        out.push(k === 1 ? request : { ...request, rollouts: k });
      }
      return out;
    },
    absorb(results) {
      for (const r of results) planned -= rolloutsOf(r);
      local.absorb(results);
      for (const r of results) {
        if (r.kind !== "stack") continue;
        worst = Math.min(worst, r.reward);
        best = Math.max(best, r.reward);
      }
      for (const r of results) {
        top.offer(r);
        stacks += stacksOf(r);
        const path = r.path;
        if (path.length === 0) continue;
        let partial = 0;
        for (let t = 0; t < path.length; t++) partial += g.score[path[t]];
        let G = 0;
        for (let t = path.length - 1; t >= 0; t--) {
          const c = path[t];
          let reward = g.score[c];
          if (t === path.length - 1) {
            reward += (r.kind === "stack" ? r.reward : failed()) - partial;
            G = reward;
          } else {
            G = reward + (1 - lambda) * values[path[t + 1]] + lambda * G;
          }
          values[c] += alpha * (G - values[c]);
          visits[c]++;
          const p = g.packageOf[c];
          futureSum[p] += G - prior[c];
          futureCount[p]++;
        }
      }
      for (let c = 0; c < g.candidateCount; c++) {
        const p = g.packageOf[c];
        if (visits[c] === 0 && futureCount[p] > 0) values[c] = prior[c] + futureSum[p] / futureCount[p];
      }
    },
    incumbent: top.incumbent,
    top: top.top,
  };
}
