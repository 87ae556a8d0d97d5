/**
 * Message size: NATS refuses payloads above its max_payload (1 MiB by default). Maat keeps every
 * message at or under MAX_PAYLOAD_BYTES (256 KiB), a quarter of that, leaving room for headers and
 * servers configured lower. Batches that would exceed it are split into several batches.
 */
import type { RolloutBatchMessage, RolloutCodec, RolloutRequestMessage } from "./rollout-codec.js";

export const MAX_PAYLOAD_BYTES = 256 * 1024;

/** Bytes a batch without requests may take (ids, hash, seed): a generous bound. */
const HEADER_ALLOWANCE = 512;

export type SplitOutcome =
  | { readonly ok: true; readonly batches: readonly RolloutBatchMessage[]; readonly nextBatchId: number }
  | { readonly ok: false; readonly requestIndex: number; readonly size: number };

/**
 * Splits `requests` into consecutive batches, each encoding to at most `maxBytes`, numbered from
 * `first.batchId` upward (the coordinator owns batch ids, so each part is a batch of its own).
 * Fails, naming the request, only when a single request cannot fit.
 */
export function splitIntoBatches(
  codec: RolloutCodec,
  first: Omit<RolloutBatchMessage, "requests">,
  requests: readonly RolloutRequestMessage[],
  maxBytes: number = MAX_PAYLOAD_BYTES,
): SplitOutcome {
  const budget = maxBytes - HEADER_ALLOWANCE - first.adviseId.length - first.graphHash.length;
  const batches: RolloutBatchMessage[] = [];
  let batchId = first.batchId;
  let current: RolloutRequestMessage[] = [];
  let used = 0;
  for (let i = 0; i < requests.length; i++) {
    const size = codec.requestSize(requests[i]);
    if (size > budget) return { ok: false, requestIndex: i, size };
    if (used + size > budget && current.length > 0) {
      batches.push({ ...first, batchId: batchId++, requests: current });
      current = [];
      used = 0;
    }
    current.push(requests[i]);
    used += size;
  }
  if (current.length > 0 || batches.length === 0) batches.push({ ...first, batchId: batchId++, requests: current });
  return { ok: true, batches, nextBatchId: batchId };
}
