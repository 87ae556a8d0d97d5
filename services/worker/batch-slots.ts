/**
 * The worker's slots (glossary: slot): one per pool thread. A slot runs one message at a time and
 * keeps the next one ready meanwhile: as soon as a message's run is posted to its thread, the slot
 * pulls another, and when the thread frees up the ready message is posted to it in the same turn
 * (before the finished message's answer is encoded), with no pull round trip and no message
 * waiting in the work queue while the thread idles. The worker never runs more messages
 * than it has threads (back-pressure) and holds at most one ready message per thread. A message's
 * ack wait is renewed (working()) from its delivery until it is answered or released: ready,
 * running or being answered, one timer all along, so the hand-over from ready to running leaves no
 * longer gap between renewals.
 *
 * A message's answer is published and the message acked while the thread runs the next message:
 * the next run never waits for an answer's PubAck or ack. Only the pull of a further message
 * waits, while this slot has two answers in delivery (so a slot holds at most one running, one
 * ready and two being answered, however slow the answers' PubAcks are).
 *
 * Stopping ends the pulls and releases the ready messages at once (nak: another worker takes
 * them); messages running or being answered are finished; a message a pull brings after the stop is
 * released at once too.
 */
import type { MessageFetcher } from "../../adapters/nats/index.js";
import type { TripTrace } from "../../adapters/nats/index.js";
import type { FetchedMessage, MessageEvents } from "./handle-message.js";
import { keepWorking } from "./keep-working.js";

export interface BatchSlots {
  /** Messages started and not yet answered (running, or their answer being published and acked). */
  readonly inHand: number;
  /** Messages fetched and waiting for their slot's thread (released at once on stop). */
  readonly ready: number;
  /** Stops fetching and releases the ready messages; resolves once every message in hand is handled. */
  stop(): Promise<void>;
}

export interface BatchSlotOptions {
  readonly slots: number;
  /** How long one pull waits for a message (at least 1000 ms); bounds how long stopping waits for pulls. */
  readonly fetchWaitMs: number;
  /** How often a message's ack wait is renewed while it is held (workingInterval of the consumer's ack wait). */
  readonly workingEveryMs: number;
  log(line: string): void;
  /** Hears each message removed from the queue as not a batch (after its one log line). */
  rejected?(reason: string): void;
  /** Times each message's trip (test/scaling/message-trip.ts); none by default. */
  readonly trace?: TripTrace;
}

const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 5_000;
/** A slot pulls no further message while it has this many unanswered (one running, two being answered). */
const MAX_UNANSWERED = 3;

/** A fetched message waiting for its slot's thread; `stopRenewing` ends the renewals of its ack wait. */
interface Ready {
  readonly message: FetchedMessage;
  readonly stopRenewing: () => void;
}

/**
 * `handle` runs a message, calls `events.running` once its run is posted to a thread (the slot then
 * pulls its next message), `events.ran` once its thread is free (the slot then starts the next
 * message), then answers it; it resolves once answered.
 */
export function startBatchSlots(fetcher: MessageFetcher, handle: (message: FetchedMessage, events: MessageEvents) => Promise<void>, options: BatchSlotOptions): BatchSlots {
  let stopping = false;
  let inHand = 0;
  let failingSlots = 0;
  const ready = new Set<Ready>();
  let wake: () => void = () => {};
  const stopped = new Promise<void>((resolve) => { wake = resolve; });
  const pause = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    void stopped.then(() => { clearTimeout(timer); resolve(); });
  });

  /** One slot, driven by its message's events; resolves once stopped with nothing in hand. */
  const slot = () => new Promise<void>((done) => {
    let backoff = FIRST_BACKOFF_MS;
    let failing = false;
    /** This slot's messages started and not yet answered (running, or being answered), oldest first. */
    const unanswered: Promise<void>[] = [];
    /** The pull in progress, if any. */
    let pulling: Promise<Ready | null> | null = null;
    /** A message pulled while the thread runs another: it starts when the thread frees up. */
    let waiting: Ready | null = null;
    let running = false;

    /** The next message, kept ready (its ack wait renewed); null once stopping. */
    const pullNext = async (): Promise<Ready | null> => {
      while (unanswered.length >= MAX_UNANSWERED && !stopping) await unanswered[0];
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
        let next: Ready | null = null;
        for (const delivered of got.value) {
          if (delivered.kind === "invalid") {
            options.log(`removed a message on ${delivered.subject} from the work queue, not a rollout message (${delivered.reason}): ${delivered.error.message}`);
            options.rejected?.(delivered.reason);
          } else if (stopping || next !== null) {
            delivered.release();
          } else {
            next = { message: delivered, stopRenewing: keepWorking(() => delivered.working(), options.workingEveryMs) };
            ready.add(next);
          }
        }
        if (next !== null) return next;
      }
      return null;
    };

    /** Once stopping, with no pull in progress and the thread free: waits for the answers, then ends. */
    const finish = async () => {
      if (failing) failingSlots--;
      while (unanswered.length > 0) await unanswered[0];
      done();
    };

    /** Pulls the next message unless a pull is in progress or a message is waiting already. */
    const pull = () => {
      if (pulling !== null || waiting !== null || stopping) return;
      const p = (pulling = pullNext());
      void p.then((got) => {
        pulling = null;
        // Null or released: stopping.
        if (got === null || !ready.has(got)) {
          if (!running) void finish();
        } else if (running) {
          waiting = got;
        } else {
          start(got);
        }
      });
    };

    /** The thread is free: the waiting message starts at once (in this turn), else a pull goes out. */
    const free = () => {
      running = false;
      const next = waiting;
      waiting = null;
      if (next !== null && ready.has(next)) start(next);
      else if (stopping) {
        if (pulling === null) void finish();
      } else pull();
    };

    const start = (r: Ready) => {
      ready.delete(r);
      running = true;
      inHand++;
      const delivered = r.message;
      let freed = false;
      const ran = () => {
        if (!freed) {
          freed = true;
          free();
        }
      };
      const handled = handle(delivered, { running: pull, ran }).catch((e: unknown) => {
        // A bug: the message stays unacked and JetStream redelivers it after the ack wait.
        options.log(`message ${delivered.message.messageId} of advise ${delivered.message.adviseId}: internal error: ${e instanceof Error ? e.stack : String(e)}`);
      }).finally(() => {
        r.stopRenewing();
        inHand--;
        unanswered.splice(unanswered.indexOf(handled), 1);
        ran();
      });
      unanswered.push(handled);
    };

    pull();
  });

  const running = Promise.all(Array.from({ length: options.slots }, slot));
  return {
    get inHand() {
      return inHand;
    },
    get ready() {
      return ready.size;
    },
    async stop() {
      stopping = true;
      wake();
      for (const r of ready) {
        r.stopRenewing();
        r.message.release();
      }
      ready.clear();
      await running;
    },
  };
}
