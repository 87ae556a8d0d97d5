/**
 * The worker's slots (glossary: slot): one per pool thread. A slot runs one message at a time and
 * keeps the next one ready meanwhile: as soon as a message starts, the slot pulls another, so
 * that when the thread frees up the next message starts at once, with no pull round trip and no
 * message waiting in the work queue while the thread idles. The worker never runs more messages
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

  const slot = async () => {
    let backoff = FIRST_BACKOFF_MS;
    let failing = false;
    /** This slot's messages started and not yet answered (running, or being answered), oldest first. */
    const unanswered: Promise<void>[] = [];

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

    /** Starts a message; resolves once its thread is free, with the pull of the next one (wrapped: a promise would be awaited). */
    const start = ({ message: delivered, stopRenewing }: Ready): Promise<{ readonly pull: Promise<Ready | null> }> => {
      inHand++;
      let pull: Promise<Ready | null> | null = null;
      const running = () => (pull ??= pullNext());
      let freed: () => void = () => {};
      const threadFree = new Promise<{ readonly pull: Promise<Ready | null> }>((resolve) => { freed = () => resolve({ pull: running() }); });
      const handled = handle(delivered, { running, ran: () => freed() }).catch((e: unknown) => {
        // A bug: the message stays unacked and JetStream redelivers it after the ack wait.
        options.log(`message ${delivered.message.messageId} of advise ${delivered.message.adviseId}: internal error: ${e instanceof Error ? e.stack : String(e)}`);
      }).finally(() => {
        stopRenewing();
        inHand--;
        freed();
        unanswered.splice(unanswered.indexOf(handled), 1);
      });
      unanswered.push(handled);
      return threadFree;
    };

    let next = pullNext();
    for (;;) {
      const got = await next;
      // Stopping released it already (or it came after the stop).
      if (got === null || !ready.delete(got)) break;
      next = (await start(got)).pull;
    }
    // The pull in progress ends by its own deadline; what it brings is released.
    const last = await next;
    if (last !== null && ready.delete(last)) {
      last.stopRenewing();
      last.message.release();
    }
    while (unanswered.length > 0) await unanswered[0];
    if (failing) failingSlots--;
  };

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
