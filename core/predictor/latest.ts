import type { CompiledGraph } from "../graph/compiled-graph.js";
import { solve } from "../resolver/solve.js";
import type { RolloutRequest } from "../rollout/rollout-request.js";
import type { Predictor, PredictorOptions } from "./predictor.js";
import { requestSeed } from "../random/index.js";
import { createTopK } from "./top-k.js";

/** The resolver's newest-first answer as its only stack (one request replays it; then nothing left). */
export function createLatest(graph: CompiledGraph, options: PredictorOptions): Predictor {
  const top = createTopK(options.topK ?? 10);
  const solved = solve(graph);
  let planned = false;
  return {
    name: "latest",
    planBatch(n) {
      if (planned || n <= 0 || solved.status !== "resolved") return [];
      planned = true;
      const request: RolloutRequest = { id: 0, prefix: new Int32Array(0), seed: requestSeed(options.seed, 0), policy: { kind: "prefer", versions: solved.pins } };
      return [request];
    },
    absorb(results) {
      for (const r of results) top.offer(r);
    },
    incumbent: top.incumbent,
    top: top.top,
  };
}
