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

export interface HillClimbingOptions extends PredictorOptions {
  /** Restart after this many stacks scored without improvement (default 2,000). */
  readonly patience?: number;
  /** Softmax temperature of a move's new version, in units of its package's score spread (default 0.5). */
  readonly moveTemperature?: number;
}

const EMPTY = new Int32Array(0);

/**
 * Hill climbing with restarts over informed local moves (see createInformedMoves): from the current
 * stack (the best start stack at first), a batch of moves; the best improving one becomes the
 * current stack. After `patience` stacks without improvement, it restarts from the best of a batch
 * of informed rollouts from the root (createRestartPolicy).
 */
export function createHillClimbing(graph: CompiledGraph, options: HillClimbingOptions): Predictor {
  const top = createTopK(options.topK ?? 10);
  const random = mulberry32(options.seed ^ 0x5bd1e995);
  const patience = options.patience ?? 2000;
  const informed = informedValues(graph);
  const moves = createInformedMoves(graph, informed, { temperature: options.moveTemperature ?? 0.5, repairTemperature: 0.1 });
  const restart = createRestartPolicy(informed.values);
  let restarting = false;
  const starts = createStartStacks(options.starts, options.seed);
  let stale = 0;
  let next = 0;
  return {
    name: "hill-climbing",
    planBatch(n) {
      const out: RolloutRequest[] = [];
      next += starts.plan(out, n, next);
      for (let i = out.length; i < n; i++, next++) {
        const m = moves.move(random);
        const seed = requestSeed(options.seed, next);
        if (m === null) restarting = true;
        out.push(m === null ? { id: next, prefix: EMPTY, seed, policy: restart.policy() } : { id: next, prefix: m.prefix, seed, policy: m.policy });
      }
      return out;
    },
    absorb(results) {
      let best: MoveBase | null = null;
      for (const r of results) {
        top.offer(r);
        if (r.kind === "stack") {
          stale++;
          if (best === null || r.reward > best.score) best = { score: r.reward, pins: r.pins, path: r.path };
        }
      }
      if (restarting) restart.found(best !== null);
      restarting = false;
      const current = moves.base();
      if (best !== null && (current === null || best.score > current.score)) {
        moves.setBase(best);
        stale = 0;
      } else if (stale >= patience) {
        // Restart: the next batch is rollouts from the root; its best stack becomes the base.
        moves.clear();
        stale = 0;
      }
    },
    incumbent: top.incumbent,
    top: top.top,
  };
}
