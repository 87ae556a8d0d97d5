/**
 * The work queue. The coordinator publishes encoded messages (each a slice of one batch); a worker
 * fetches at most as many as it has free slots (back-pressure), runs them, publishes each answer
 * and only then acks the message. A worker that dies leaves its messages unacked: JetStream
 * redelivers them to another fetcher after the consumer's ack wait.
 */
import { headers, type Consumer, type JetStreamClient, type JsMsg, type PubAck } from "nats";
import { checkEnvelope, checkMessage, type Rejection } from "./message-check.js";
import { withDeadline, type Outcome } from "./deadline.js";
import { MAX_PAYLOAD_BYTES } from "./payload-limit.js";
import type { RolloutMessage, RolloutCodec, RolloutAnswer } from "./rollout-codec.js";
import { BATCH_PAYLOAD, BATCH_PAYLOAD_HEADER, BATCH_STREAM, WORKER_CONSUMER, batchSubject, resultSubject } from "./subjects.js";
import type { TripTrace } from "./trip-trace.js";
import { wireError, type WireError } from "./wire-error.js";

function checkSize(bytes: Uint8Array, what: string): WireError | null {
  return bytes.length > MAX_PAYLOAD_BYTES
    ? wireError("payload-too-large", `${what} is ${bytes.length} bytes, over the ${MAX_PAYLOAD_BYTES}-byte limit: split it (splitIntoMessages)`)
    : null;
}

/**
 * Publishes one message; the NATS message id `<advise>.<message>` makes a republish within the duplicate
 * window a no-op. A publish that failed by its deadline while disconnected may still land after a
 * reconnection (the client buffers it): republishing it is safe for that reason.
 */
export function publishMessage(js: JetStreamClient, codec: RolloutCodec, message: RolloutMessage, deadlineMs: number): Promise<Outcome<PubAck>> {
  return publishEncodedMessage(js, message.adviseId, message.messageId, codec.encodeMessage(message), deadlineMs);
}

/** publishMessage for a message encoded already (a runner encodes once and may publish again after a failure). */
export async function publishEncodedMessage(js: JetStreamClient, adviseId: string, messageId: number, bytes: Uint8Array, deadlineMs: number): Promise<Outcome<PubAck>> {
  const tooLarge = checkSize(bytes, `message ${messageId}`);
  if (tooLarge) return { ok: false, error: tooLarge };
  const h = headers();
  h.set(BATCH_PAYLOAD_HEADER, BATCH_PAYLOAD);
  return withDeadline(() => js.publish(batchSubject(adviseId), bytes, { msgID: `${adviseId}.${messageId}`, timeout: deadlineMs, headers: h }),
    deadlineMs, `publish message ${messageId}`);
}

/** Publishes one answer and waits for JetStream to store it. */
export function publishAnswer(js: JetStreamClient, codec: RolloutCodec, answer: RolloutAnswer, deadlineMs: number): Promise<Outcome<PubAck>> {
  return publishEncodedAnswer(js, answer, codec.encodeAnswer(answer), deadlineMs);
}

/** publishAnswer for an answer encoded already. */
async function publishEncodedAnswer(js: JetStreamClient, answer: RolloutAnswer, bytes: Uint8Array, deadlineMs: number): Promise<Outcome<PubAck>> {
  const tooLarge = checkSize(bytes, `answer to message ${answer.messageId}`);
  if (tooLarge) return { ok: false, error: tooLarge };
  // The NATS message id names the delivery too: a publish retried for the same delivery is dropped by the
  // server, while the answers of two deliveries (a slow worker and the one the message was redelivered
  // to) both reach the coordinator, whose duplicate filter keeps the first and counts the other.
  return withDeadline(() => js.publish(resultSubject(answer.adviseId), bytes, { msgID: `${answer.adviseId}.${answer.messageId}.${answer.deliveries ?? 0}`, timeout: deadlineMs }),
    deadlineMs, `publish answer ${answer.messageId}`);
}

/** What a worker answers for a message: its results in request order, or the message's error (then `results` may be empty). */
export type WorkerAnswer = Omit<RolloutAnswer, "deliveries">;

/** A message handed to a worker. */
export type DeliveredMessage =
  | {
      readonly kind: "message";
      /** `message.requests` are core RolloutRequests: run each with runRequest on the graph stored under `message.graphHash`. */
      readonly message: RolloutMessage;
      /** True when an earlier delivery was not acked in time (a worker died or was slow). */
      readonly redelivered: boolean;
      readonly deliveryCount: number;
      /** Publishes the answer (with the delivery count), then acks the message (the ack confirmed by the server). */
      complete(answer: WorkerAnswer, deadlineMs: number): Promise<Outcome<void>>;
      /** Resets the ack wait for a message still being worked on. */
      working(): void;
      /** Gives the message back at once for redelivery. */
      release(): void;
    }
  | {
      /** Bytes that are not a rollout message (message-check.ts): acked unrun, so they leave the queue and are never redelivered. */
      readonly kind: "invalid";
      readonly reason: Rejection["reason"];
      readonly error: WireError;
      readonly subject: string;
    };

export interface MessageFetcher {
  /** At most `max` messages (the worker's free slots): waits up to `waitMs` (at least 1000) for the first, then takes what is queued. */
  fetch(max: number, waitMs: number): Promise<Outcome<DeliveredMessage[]>>;
}

export function createMessageFetcher(js: JetStreamClient, codec: RolloutCodec, trace?: TripTrace): MessageFetcher {
  let consumer: Consumer | undefined;
  // Acked, not terminated: a work-queue stream keeps a terminated message (nats-server 2.9), where
  // it would hold maat_queue_depth up forever; an ack removes it.
  const reject = (m: JsMsg, rejection: Rejection): DeliveredMessage => {
    m.ack();
    return { kind: "invalid", reason: rejection.reason, error: wireError("invalid-payload", rejection.message), subject: m.subject };
  };
  const deliver = (m: JsMsg, at: number): DeliveredMessage => {
    const refused = checkEnvelope(m.data, m.headers?.get(BATCH_PAYLOAD_HEADER));
    if (refused !== null) return reject(m, refused);
    const decoded = codec.decodeMessage(m.data);
    if (!decoded.ok) return reject(m, { reason: "undecodable", message: decoded.error.message });
    const inconsistent = checkMessage(decoded.value, m.subject);
    if (inconsistent !== null) return reject(m, inconsistent);
    if (trace !== undefined) {
      trace(decoded.value.messageId, "delivered", at);
      trace(decoded.value.messageId, "unpacked", performance.now());
    }
    const id = decoded.value.messageId;
    return {
      kind: "message",
      message: decoded.value,
      redelivered: m.redelivered,
      deliveryCount: m.info.redeliveryCount,
      async complete(answer, deadlineMs) {
        const full = { ...answer, deliveries: m.info.redeliveryCount };
        const bytes = codec.encodeAnswer(full);
        trace?.(id, "answer-encoded", performance.now());
        const published = await publishEncodedAnswer(js, full, bytes, deadlineMs);
        if (!published.ok) return published;
        trace?.(id, "answered", performance.now());
        const acked = await withDeadline(() => m.ackAck({ timeout: deadlineMs }), deadlineMs, `ack message ${decoded.value.messageId}`);
        if (!acked.ok) return acked;
        trace?.(id, "acked", performance.now());
        return acked.value ? { ok: true, value: undefined } : { ok: false, error: wireError("unavailable", `ack of message ${decoded.value.messageId} not confirmed`) };
      },
      working: () => m.working(),
      release: () => m.nak(),
    };
  };
  return {
    async fetch(max, waitMs) {
      if (max <= 0) return { ok: true, value: [] };
      const expires = Math.max(1000, waitMs);
      // Messages held by a fetch that its deadline gave up on go back at once (nak), as do any that
      // reach it later, rather than waiting out their ack wait in a fetch nobody reads.
      let abandoned = false;
      const raw: JsMsg[] = [];
      const arrived: number[] = [];
      const take = (m: JsMsg) => (abandoned ? m.nak() : void (raw.push(m), arrived.push(performance.now())));
      const fetched = await withDeadline(async () => {
        consumer ??= await js.consumers.get(BATCH_STREAM, WORKER_CONSUMER);
        // The first message: wait for it. Then what is queued now, up to `max`, without waiting (a
        // fetch of `max` waits out `expires` whenever fewer are queued, and stopping it early loses
        // the messages in flight to it until their ack wait). Consumer#fetch has no no_wait, hence
        // the older pull API for the second request; the server ends it when nothing is left.
        const first = await consumer.next({ expires });
        if (first === null) return [];
        take(first);
        if (max > 1 && first.info.pending > 0) {
          for await (const m of js.fetch(BATCH_STREAM, WORKER_CONSUMER, { batch: max - 1, no_wait: true })) take(m);
        }
        return abandoned ? [] : raw.map((m, i) => deliver(m, arrived[i]));
      }, expires + 2_000, `fetch ${max} messages`);
      if (!fetched.ok) {
        abandoned = true;
        for (const m of raw) m.nak();
      }
      return fetched;
    },
  };
}
