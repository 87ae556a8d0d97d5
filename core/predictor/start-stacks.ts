import type { CompiledGraph } from "../graph/compiled-graph.js";
import { solve } from "../resolver/solve.js";
import type { RolloutRequest } from "../rollout/rollout-request.js";
import { requestSeed } from "../random/index.js";

const EMPTY = new Int32Array(0);

/**
 * The resolver's newest-first stack (solve with the default preference, as pip would answer), or
 * null when it finds none, or when `shouldStop` (the advise's deadline, Ctrl-C) ends the solve first.
 */
export function resolverStack(graph: CompiledGraph, shouldStop?: () => boolean): Int32Array | null {
  const r = solve(graph, shouldStop === undefined ? {} : { shouldStop });
  return r.status === "resolved" ? r.pins : null;
}

/**
 * The start stacks of a predictor (PredictorOptions.starts): each is scored once, before anything
 * the predictor plans itself, by a `prefer` rollout that replays it (a stack not valid in the graph
 * is repaired by the rollout like any preferred versions).
 */
export interface StartStacks {
  /** Appends start requests to `out` while it holds fewer than `n`; ids from `nextId`. Returns the number appended. */
  plan(out: RolloutRequest[], n: number, nextId: number): number;
  /** Start stacks not planned yet. */
  pending(): number;
}

export function createStartStacks(starts: readonly Int32Array[] | undefined, seed: number): StartStacks {
  const list = starts ?? [];
  let k = 0;
  return {
    plan(out, n, nextId) {
      let added = 0;
      for (; out.length < n && k < list.length; k++, added++) {
        const id = nextId + added;
        out.push({ id, prefix: EMPTY, seed: requestSeed(seed, id), policy: { kind: "prefer", versions: list[k] } });
      }
      return added;
    },
    pending: () => list.length - k,
  };
}
