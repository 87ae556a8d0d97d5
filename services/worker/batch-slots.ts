/**
 * The worker's slots (glossary: slot): one per pool thread, each pulling one message at a time from
 * the work queue and running it before pulling the next, so the worker never runs more messages
 * than it has threads (back-pressure), and a message is taken as soon as a thread frees up. The
 * answer of a message is published and the message acked while the slot pulls and runs the next
 * one (at most one answer in delivery per slot: a slot holds at most two messages, one running and
 * one being answered), so that the next message is not kept waiting for two NATS round trips.
 * Stopping ends the pulls; messages already in hand are finished; a message that arrives after the
 * stop is released at once for another worker.
 */
import type { MessageFetcher } from "../../adapters/nats/index.js";
import type { TripTrace } from "../../adapters/nats/index.js";
import type { FetchedMessage } from "./handle-message.js";

export interface BatchSlots {
  /** Messages fetched and not yet answered. */
  readonly inHand: number;
  /** Stops fetching; resolves once every message in hand is handled. */
  stop(): Promise<void>;
}

export interface BatchSlotOptions {
  readonly slots: number;
  /** How long one pull waits for a message (at least 1000 ms); bounds how long stopping waits for pulls. */
  readonly fetchWaitMs: number;
  log(line: string): void;
  /** Hears each message removed from the queue as not a batch (after its one log line). */
  rejected?(reason: string): void;
  /** Times each message's trip (test/scaling/message-trip.ts); none by default. */
  readonly trace?: TripTrace;
}

const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 5_000;

/** `handle` runs a message, calls `ran` once its thread is free, then answers it; it resolves once answered. */
export function startBatchSlots(fetcher: MessageFetcher, handle: (message: FetchedMessage, ran: () => void) => Promise<void>, options: BatchSlotOptions): BatchSlots {
  let stopping = false;
  let inHand = 0;
  let failingSlots = 0;
  let wake: () => void = () => {};
  const stopped = new Promise<void>((resolve) => { wake = resolve; });
  const pause = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    void stopped.then(() => { clearTimeout(timer); resolve(); });
  });

  const slot = async () => {
    let backoff = FIRST_BACKOFF_MS;
    let failing = false;
    /** The previous message's answer, being published and acked. */
    let answering: Promise<void> = Promise.resolve();
    while (!stopping) {
      options.trace?.(-1, "fetching", performance.now());
      const got = await fetcher.fetch(1, options.fetchWaitMs);
      if (!got.ok) {
        if (!failing && failingSlots++ === 0) options.log(`cannot fetch messages (${got.error.code}): ${got.error.message}; retrying`);
        failing = true;
        await pause(backoff);
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        continue;
      }
      if (failing && --failingSlots === 0) options.log("fetching messages again");
      failing = false;
      backoff = FIRST_BACKOFF_MS;
      for (const delivered of got.value) {
        if (delivered.kind === "invalid") {
          options.log(`removed a message on ${delivered.subject} from the work queue, not a rollout message (${delivered.reason}): ${delivered.error.message}`);
          options.rejected?.(delivered.reason);
          continue;
        }
        if (stopping) {
          delivered.release();
          continue;
        }
        inHand++;
        let freed: () => void = () => {};
        const threadFree = new Promise<void>((resolve) => { freed = resolve; });
        const handled = handle(delivered, () => freed()).catch((e: unknown) => {
          // A bug: the message stays unacked and JetStream redelivers it after the ack wait.
          options.log(`message ${delivered.message.messageId} of advise ${delivered.message.adviseId}: internal error: ${e instanceof Error ? e.stack : String(e)}`);
        }).finally(() => {
          inHand--;
          freed();
        });
        await threadFree;
        await answering;
        answering = handled;
      }
    }
    await answering;
    if (failing) failingSlots--;
  };

  const running = Promise.all(Array.from({ length: options.slots }, slot));
  return {
    get inHand() {
      return inHand;
    },
    async stop() {
      stopping = true;
      wake();
      await running;
    },
  };
}
