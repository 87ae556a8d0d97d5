/**
 * What a batch costs on the wire, measured on a real batch of the search: the coordinator encodes
 * the requests and decodes the answer (outcomes rebuilt into results with the graph), a worker
 * decodes the requests and encodes the answer; and the bytes of both messages.
 */
import { createRolloutCodec } from "../../adapters/nats/index.js";
import type { CompiledGraph } from "../../core/graph/index.js";
import { resultFromOutcome, type RolloutRequest, type RolloutResult } from "../../core/rollout/index.js";

export interface WireCosts {
  /** Seconds per request on the coordinator (encode the request, decode and rebuild its result). */
  readonly coordinatorPerRequest: number;
  /** Seconds per request on a worker (decode the request, encode its result). */
  readonly workerPerRequest: number;
  readonly bytesPerRequest: number;
  readonly bytesPerResult: number;
}

export function measureWireCosts(graph: CompiledGraph, requests: readonly RolloutRequest[], results: readonly RolloutResult[], repeats = 30): WireCosts {
  const codec = createRolloutCodec();
  const batch = { adviseId: "scaling", messageId: 1, batch: 1, graphHash: graph.hash, requests };
  const answer = { adviseId: "scaling", messageId: 1, workerId: "w", results };
  const batchBytes = codec.encodeMessage(batch);
  const resultBytes = codec.encodeAnswer(answer);
  let coordinator = 0;
  let worker = 0;
  for (let i = 0; i < repeats + 3; i++) {
    const t0 = performance.now();
    codec.encodeMessage(batch);
    const decoded = codec.decodeAnswer(resultBytes);
    if (!decoded.ok) throw new Error(decoded.error.message);
    for (const o of decoded.value.outcomes) resultFromOutcome(graph, o);
    const t1 = performance.now();
    const b = codec.decodeMessage(batchBytes);
    if (!b.ok) throw new Error(b.error.message);
    codec.encodeAnswer(answer);
    const t2 = performance.now();
    if (i < 3) continue; // warm-up
    coordinator += t1 - t0;
    worker += t2 - t1;
  }
  const n = requests.length * repeats;
  return {
    coordinatorPerRequest: coordinator / 1000 / n, workerPerRequest: worker / 1000 / n,
    bytesPerRequest: batchBytes.length / requests.length, bytesPerResult: resultBytes.length / results.length,
  };
}
