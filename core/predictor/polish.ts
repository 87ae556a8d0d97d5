import type { CompiledGraph } from "../graph/compiled-graph.js";
import type { RolloutRequest, RolloutResult } from "../rollout/rollout-request.js";
import { createInformedMoves, type MoveBase } from "./informed-moves.js";
import type { InformedValues } from "./informed-values.js";
import { requestSeed } from "../random/index.js";

/**
 * The local search a learning predictor runs beside its own rollouts (glossary: polish): a share
 * of each batch are informed local moves (createInformedMoves) from a base stack, hill climbing:
 * the base is the best stack seen since the last restart; after `patience` moves without
 * improvement it restarts from the best stack of the predictor's own rollouts in the last batch,
 * so the predictor's exploration keeps feeding the local search new basins.
 */
export interface Polish {
  /** Appends up to `count` move requests to `out` (none before a first stack), ids from `nextId`. Returns how many. */
  plan(out: RolloutRequest[], count: number, nextId: number): number;
  /** Learns from a batch's results (moves and the predictor's own rollouts alike). */
  absorb(results: readonly RolloutResult[]): void;
}

export function createPolish(graph: CompiledGraph, informed: InformedValues, options: { readonly seed: number; readonly random: () => number; readonly patience?: number }): Polish {
  const moves = createInformedMoves(graph, informed, { temperature: 0.5, repairTemperature: 0.1 });
  const patience = options.patience ?? 1000;
  const ids = new Set<number>();
  let stale = 0;
  return {
    plan(out, count, nextId) {
      let added = 0;
      for (; added < count; added++) {
        const m = moves.move(options.random);
        if (m === null) break;
        const id = nextId + added;
        ids.add(id);
        out.push({ id, prefix: m.prefix, seed: requestSeed(options.seed, id), policy: m.policy });
      }
      return added;
    },
    absorb(results) {
      let best: MoveBase | null = null;
      let bestOwn: MoveBase | null = null;
      let moved = 0;
      for (const r of results) {
        const move = ids.delete(r.id);
        if (move) moved++;
        if (r.kind !== "stack") continue;
        if (best === null || r.reward > best.score) best = { score: r.reward, pins: r.pins, path: r.path };
        if (!move && (bestOwn === null || r.reward > bestOwn.score)) bestOwn = { score: r.reward, pins: r.pins, path: r.path };
      }
      const base = moves.base();
      if (best !== null && (base === null || best.score > base.score)) {
        moves.setBase(best);
        stale = 0;
      } else if ((stale += moved) >= patience && bestOwn !== null) {
        moves.setBase(bestOwn);
        stale = 0;
      }
    },
  };
}
