/**
 * The batch work queue. The coordinator publishes encoded batches; a worker fetches at most as many
 * as it has free slots (back-pressure), runs them, publishes each result and only then acks the
 * batch. A worker that dies leaves its batches unacked: JetStream redelivers them to another
 * fetcher after the consumer's ack wait.
 */
import { headers, type Consumer, type JetStreamClient, type JsMsg, type PubAck } from "nats";
import { checkBatch, checkEnvelope, type Rejection } from "./batch-check.js";
import { withDeadline, type Outcome } from "./deadline.js";
import { MAX_PAYLOAD_BYTES } from "./payload-limit.js";
import type { RolloutBatchMessage, RolloutCodec, RolloutResultMessage } from "./rollout-codec.js";
import { BATCH_PAYLOAD, BATCH_PAYLOAD_HEADER, BATCH_STREAM, WORKER_CONSUMER, batchSubject, resultSubject } from "./subjects.js";
import { wireError, type WireError } from "./wire-error.js";

function checkSize(bytes: Uint8Array, what: string): WireError | null {
  return bytes.length > MAX_PAYLOAD_BYTES
    ? wireError("payload-too-large", `${what} is ${bytes.length} bytes, over the ${MAX_PAYLOAD_BYTES}-byte limit: split it (splitIntoBatches)`)
    : null;
}

/**
 * Publishes one batch; the message id `<advise>.<batch>` makes a republish within the duplicate
 * window a no-op. A publish that failed by its deadline while disconnected may still land after a
 * reconnection (the client buffers it): republishing it is safe for that reason.
 */
export function publishBatch(js: JetStreamClient, codec: RolloutCodec, batch: RolloutBatchMessage, deadlineMs: number): Promise<Outcome<PubAck>> {
  return publishEncodedBatch(js, batch.adviseId, batch.batchId, codec.encodeBatch(batch), deadlineMs);
}

/** publishBatch for a batch encoded already (a runner encodes once and may publish again after a failure). */
export async function publishEncodedBatch(js: JetStreamClient, adviseId: string, batchId: number, bytes: Uint8Array, deadlineMs: number): Promise<Outcome<PubAck>> {
  const tooLarge = checkSize(bytes, `batch ${batchId}`);
  if (tooLarge) return { ok: false, error: tooLarge };
  const h = headers();
  h.set(BATCH_PAYLOAD_HEADER, BATCH_PAYLOAD);
  return withDeadline(() => js.publish(batchSubject(adviseId), bytes, { msgID: `${adviseId}.${batchId}`, timeout: deadlineMs, headers: h }),
    deadlineMs, `publish batch ${batchId}`);
}

/** Publishes one result and waits for JetStream to store it. */
export async function publishResult(js: JetStreamClient, codec: RolloutCodec, result: RolloutResultMessage, deadlineMs: number): Promise<Outcome<PubAck>> {
  const bytes = codec.encodeResult(result);
  const tooLarge = checkSize(bytes, `result of batch ${result.batchId}`);
  if (tooLarge) return { ok: false, error: tooLarge };
  // The message id names the delivery too: a publish retried for the same delivery is dropped by the
  // server, while the answers of two deliveries (a slow worker and the one the batch was redelivered
  // to) both reach the coordinator, whose duplicate filter keeps the first and counts the other.
  return withDeadline(() => js.publish(resultSubject(result.adviseId), bytes, { msgID: `${result.adviseId}.${result.batchId}.${result.deliveries ?? 0}`, timeout: deadlineMs }),
    deadlineMs, `publish result ${result.batchId}`);
}

/** What a worker answers for a batch: its results in request order, or the batch's error (then `results` may be empty). */
export type BatchAnswer = Omit<RolloutResultMessage, "deliveries">;

/** A batch handed to a worker. */
export type DeliveredBatch =
  | {
      readonly kind: "batch";
      /** `batch.requests` are core RolloutRequests: run each with runRequest on the graph stored under `batch.graphHash`. */
      readonly batch: RolloutBatchMessage;
      /** True when an earlier delivery was not acked in time (a worker died or was slow). */
      readonly redelivered: boolean;
      readonly deliveryCount: number;
      /** Publishes the answer (with the delivery count), then acks the batch (the ack confirmed by the server). */
      complete(answer: BatchAnswer, deadlineMs: number): Promise<Outcome<void>>;
      /** Resets the ack wait for a batch still being worked on. */
      working(): void;
      /** Gives the batch back at once for redelivery. */
      release(): void;
    }
  | {
      /** A message that is not a batch (batch-check.ts): acked unrun, so it leaves the queue and is never redelivered. */
      readonly kind: "invalid";
      readonly reason: Rejection["reason"];
      readonly error: WireError;
      readonly subject: string;
    };

export interface BatchFetcher {
  /** At most `max` batches (the worker's free slots): waits up to `waitMs` (at least 1000) for the first, then takes what is queued. */
  fetch(max: number, waitMs: number): Promise<Outcome<DeliveredBatch[]>>;
}

export function createBatchFetcher(js: JetStreamClient, codec: RolloutCodec): BatchFetcher {
  let consumer: Consumer | undefined;
  // Acked, not terminated: a work-queue stream keeps a terminated message (nats-server 2.9), where
  // it would hold maat_queue_depth up forever; an ack removes it.
  const reject = (m: JsMsg, rejection: Rejection): DeliveredBatch => {
    m.ack();
    return { kind: "invalid", reason: rejection.reason, error: wireError("invalid-payload", rejection.message), subject: m.subject };
  };
  const deliver = (m: JsMsg): DeliveredBatch => {
    const refused = checkEnvelope(m.data, m.headers?.get(BATCH_PAYLOAD_HEADER));
    if (refused !== null) return reject(m, refused);
    const decoded = codec.decodeBatch(m.data);
    if (!decoded.ok) return reject(m, { reason: "undecodable", message: decoded.error.message });
    const inconsistent = checkBatch(decoded.value, m.subject);
    if (inconsistent !== null) return reject(m, inconsistent);
    return {
      kind: "batch",
      batch: decoded.value,
      redelivered: m.redelivered,
      deliveryCount: m.info.redeliveryCount,
      async complete(answer, deadlineMs) {
        const published = await publishResult(js, codec, { ...answer, deliveries: m.info.redeliveryCount }, deadlineMs);
        if (!published.ok) return published;
        const acked = await withDeadline(() => m.ackAck({ timeout: deadlineMs }), deadlineMs, `ack batch ${decoded.value.batchId}`);
        if (!acked.ok) return acked;
        return acked.value ? { ok: true, value: undefined } : { ok: false, error: wireError("unavailable", `ack of batch ${decoded.value.batchId} not confirmed`) };
      },
      working: () => m.working(),
      release: () => m.nak(),
    };
  };
  return {
    async fetch(max, waitMs) {
      if (max <= 0) return { ok: true, value: [] };
      const expires = Math.max(1000, waitMs);
      // Batches held by a fetch that its deadline gave up on go back at once (nak), as do any that
      // reach it later, rather than waiting out their ack wait in a fetch nobody reads.
      let abandoned = false;
      const raw: JsMsg[] = [];
      const take = (m: JsMsg) => (abandoned ? m.nak() : void raw.push(m));
      const fetched = await withDeadline(async () => {
        consumer ??= await js.consumers.get(BATCH_STREAM, WORKER_CONSUMER);
        // The first batch: wait for it. Then what is queued now, up to `max`, without waiting (a
        // fetch of `max` waits out `expires` whenever fewer are queued, and stopping it early loses
        // the batches in flight to it until their ack wait). Consumer#fetch has no no_wait, hence
        // the older pull API for the second request; the server ends it when nothing is left.
        const first = await consumer.next({ expires });
        if (first === null) return [];
        take(first);
        if (max > 1 && first.info.pending > 0) {
          for await (const m of js.fetch(BATCH_STREAM, WORKER_CONSUMER, { batch: max - 1, no_wait: true })) take(m);
        }
        return abandoned ? [] : raw.map(deliver);
      }, expires + 2_000, `fetch ${max} batches`);
      if (!fetched.ok) {
        abandoned = true;
        for (const m of raw) m.nak();
      }
      return fetched;
    },
  };
}
