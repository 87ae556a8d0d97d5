import type { CompiledGraph } from "../graph/compiled-graph.js";
import { mulberry32 } from "../resolver/random-universe.js";
import { UNIFORM } from "../rollout/rollout-policy.js";
import type { RolloutRequest } from "../rollout/rollout-request.js";
import { localMove } from "./local-move.js";
import type { Predictor, PredictorOptions, ScoredStack } from "./predictor.js";
import { requestSeed } from "./request-seed.js";
import { createStartStacks } from "./start-stacks.js";
import { createTopK } from "./top-k.js";

export interface HillClimbingOptions extends PredictorOptions {
  /** Restart from a random stack after this many moves without improvement (default 200). */
  readonly patience?: number;
}

const EMPTY = new Int32Array(0);

/**
 * Hill climbing with random restarts: from the current stack, moves change one package's version
 * and are repaired by rollout; the best improving move of a batch becomes the current stack.
 */
export function createHillClimbing(graph: CompiledGraph, options: HillClimbingOptions): Predictor {
  const top = createTopK(options.topK ?? 10);
  const random = mulberry32(options.seed ^ 0x5bd1e995);
  const patience = options.patience ?? 200;
  let current: ScoredStack | null = null;
  let stale = 0;
  const starts = createStartStacks(options.starts, options.seed);
  let next = 0;
  return {
    name: "hill-climbing",
    planBatch(n) {
      const out: RolloutRequest[] = [];
      next += starts.plan(out, n, next);
      for (let i = out.length; i < n; i++, next++) {
        const versions = current === null ? null : localMove(graph, current.pins, random);
        const seed = requestSeed(options.seed, next);
        out.push(versions === null ? { id: next, prefix: EMPTY, seed, policy: UNIFORM } : { id: next, prefix: EMPTY, seed, policy: { kind: "prefer", versions } });
      }
      return out;
    },
    absorb(results) {
      let best: ScoredStack | null = null;
      for (const r of results) {
        top.offer(r);
        if (r.kind === "stack" && (best === null || r.reward > best.score)) best = { score: r.reward, pins: r.pins };
      }
      if (best !== null && (current === null || best.score > current.score)) {
        current = best;
        stale = 0;
      } else if ((stale += results.length) >= patience) {
        current = null;
        stale = 0;
      }
    },
    incumbent: top.incumbent,
    top: top.top,
  };
}
