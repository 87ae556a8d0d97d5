/**
 * The Piscina thread module: runs one message (packed rollout requests) on the graph the message
 * names. Graphs are decoded once per thread and kept by hash (graph-cache.ts); failures come back
 * as `{code, message}` data, never as a thrown error.
 */
import { threadId } from "node:worker_threads";
import { move, transferableSymbol, valueSymbol, workerData } from "piscina";
import type { CompiledGraph } from "../../core/graph/index.js";
import { type RolloutResult, runRequest } from "../../core/rollout/index.js";
import { createGraphCache } from "./graph-cache.js";
import { type RequestBatch, unpackRequests } from "./request-batch.js";
import { packResults, resultBuffers } from "./result-batch.js";
import type { ThreadMessage, ThreadAnswer } from "./thread-message.js";

const DEFAULT_CACHE_ENTRIES = 4;
const cacheEntries = (workerData as { graphCacheEntries?: number } | undefined)?.graphCacheEntries ?? DEFAULT_CACHE_ENTRIES;
const cache = createGraphCache(cacheEntries);

export default function runThreadMessage(message: ThreadMessage): ThreadAnswer | ReturnType<typeof move> {
  const failure = (code: "invalid-payload" | "rollout-failed", message: string): ThreadAnswer =>
    ({ ok: false, error: { code, message }, thread: threadId, decodes: cache.decodes });
  try {
    const found = cache.get(message.hash, message.bytes);
    if (!found.ok) return failure("invalid-payload", found.message);
    const { graph, kernel } = found.entry;
    const invalid = invalidPolicy(message.batch, graph);
    if (invalid !== null) return failure("invalid-payload", invalid);
    const requests = unpackRequests(message.batch);
    const results: RolloutResult[] = new Array(requests.length);
    for (let i = 0; i < requests.length; i++) results[i] = runRequest(kernel, requests[i]);
    const packed = packResults(results, graph.packageCount);
    const answer: ThreadAnswer = { ok: true, results: packed, thread: threadId, decodes: cache.decodes };
    return move({ get [transferableSymbol]() { return resultBuffers(packed); }, get [valueSymbol]() { return answer; } });
  } catch (e) {
    return failure("rollout-failed", `rollout thread ${threadId}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** A policy whose arrays are too short for the graph (they would read undefined in the kernel), or null. */
function invalidPolicy(batch: RequestBatch, graph: CompiledGraph): string | null {
  for (const p of batch.policies) {
    if (p.kind === "softmax" && p.values.length < graph.candidateCount) {
      return `softmax policy values has ${p.values.length} entries, graph ${graph.hash} has ${graph.candidateCount} candidates`;
    }
    if (p.kind === "prefer" && p.versions.length < graph.packageCount) {
      return `prefer policy versions has ${p.versions.length} entries, graph ${graph.hash} has ${graph.packageCount} packages`;
    }
  }
  return null;
}
