import type { CompiledGraph } from "../graph/compiled-graph.js";
import { mulberry32 } from "../random/index.js";
import type { RolloutRequest } from "../rollout/rollout-request.js";
import { createInformedMoves, type MoveBase } from "./informed-moves.js";
import { informedValues } from "./informed-values.js";
import type { Predictor, PredictorOptions } from "./predictor.js";
import { requestSeed } from "../random/index.js";
import { createRestartPolicy } from "./restart-policy.js";
import { createStartStacks } from "./start-stacks.js";
import { createTopK } from "./top-k.js";

export interface AnnealingOptions extends PredictorOptions {
  /** Stacks over which the target acceptance rate falls from `startAcceptance` to `endAcceptance` (default 10,000). */
  readonly horizon?: number;
  readonly startAcceptance?: number;
  readonly endAcceptance?: number;
  /** Softmax temperature of a move's new version, in units of its package's score spread (default 0.5). */
  readonly moveTemperature?: number;
}

const EMPTY = new Int32Array(0);

/**
 * Adaptive simulated annealing over informed local moves (see createInformedMoves), from the best
 * start stack (or, without one, from informed rollouts from the root); a worse stack is accepted
 * with probability exp(Δ / T). After each batch the temperature is multiplied or divided by 1.25
 * so the acceptance rate tracks a target that falls linearly over the horizon. The first
 * temperature is the spread of the first stacks.
 */
export function createAnnealing(graph: CompiledGraph, options: AnnealingOptions): Predictor {
  const top = createTopK(options.topK ?? 10);
  const random = mulberry32(options.seed ^ 0x27d4eb2f);
  const horizon = options.horizon ?? 10_000;
  const start = options.startAcceptance ?? 0.5;
  const end = options.endAcceptance ?? 0.01;
  const informed = informedValues(graph);
  const moves = createInformedMoves(graph, informed, { temperature: options.moveTemperature ?? 0.5, repairTemperature: 0.1 });
  const fresh = createRestartPolicy(informed.values);
  let restarting = false;
  const starts = createStartStacks(options.starts, options.seed);
  let temperature = NaN;
  let stacks = 0;
  let next = 0;
  return {
    name: "annealing",
    planBatch(n) {
      const out: RolloutRequest[] = [];
      next += starts.plan(out, n, next);
      for (let i = out.length; i < n; i++, next++) {
        const m = moves.move(random);
        const seed = requestSeed(options.seed, next);
        if (m === null) restarting = true;
        out.push(m === null ? { id: next, prefix: EMPTY, seed, policy: fresh.policy() } : { id: next, prefix: m.prefix, seed, policy: m.policy });
      }
      return out;
    },
    absorb(results) {
      let proposals = 0;
      let accepted = 0;
      let lo = Infinity;
      let hi = -Infinity;
      let current: MoveBase | null = moves.base();
      const before = current;
      for (const r of results) {
        top.offer(r);
        proposals++;
        if (r.kind !== "stack") continue;
        stacks++;
        lo = Math.min(lo, r.reward);
        hi = Math.max(hi, r.reward);
        if (current === null) {
          current = { score: r.reward, pins: r.pins, path: r.path };
          continue;
        }
        if (Number.isNaN(temperature)) temperature = Math.max(1e-9, hi - lo, Math.abs(r.reward - current.score));
        const delta = r.reward - current.score;
        if (delta >= 0 || random() < Math.exp(delta / temperature)) {
          current = { score: r.reward, pins: r.pins, path: r.path };
          accepted++;
        }
      }
      if (restarting) fresh.found(current !== null);
      restarting = false;
      if (current !== null && current !== before) moves.setBase(current);
      if (Number.isNaN(temperature) || proposals === 0) return;
      const target = start + (end - start) * Math.min(1, stacks / horizon);
      temperature = accepted / proposals > target ? temperature / 1.25 : temperature * 1.25;
    },
    incumbent: top.incumbent,
    top: top.top,
  };
}
