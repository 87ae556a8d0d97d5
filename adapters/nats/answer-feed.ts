/**
 * The coordinator's side of `maat.results.<advise>`: an ordered JetStream consumer filtered to one
 * advise, decoding every answer and dropping duplicates (by message id) before the handler sees it.
 *
 * With `direct` (the coordinator's core NATS connection) the feed also subscribes to the subject
 * itself: an answer a worker publishes reaches it as the server routes it, at the moment the
 * result stream receives it, rather than after the stream stored it and its consumer delivered it
 * (one server-side hop less on every batch's trip). The ordered consumer stays: it delivers every
 * stored answer, so one the subscription missed (the connection was down) still comes. Each
 * answer thus normally arrives twice, and its second arrival (same NATS message id: advise,
 * message, delivery) is dropped unread: an echo, not a duplicate. Duplicates are answers to one
 * message from two deliveries (a redelivered message answered twice). A class because it runs
 * until stopped.
 */
import type { ConsumerMessages, JetStreamClient, Msg, NatsConnection as Nats, Subscription } from "nats";
import { natsErrorToWire, withDeadline, type Outcome } from "./deadline.js";
import { createDuplicateFilter, type DuplicateFilter } from "./duplicate-answers.js";
import type { DecodedAnswer, RolloutCodec } from "./rollout-codec.js";
import { RESULT_STREAM, resultSubject } from "./subjects.js";
import type { TripTrace } from "./trip-trace.js";
import type { WireError } from "./wire-error.js";

export interface AnswerFeedHandlers {
  /** An answer seen for the first time. */
  onAnswer(answer: DecodedAnswer): void;
  /** Bytes that did not decode. */
  onInvalid?(error: WireError): void;
  /** An answer whose message had already been answered (dropped). */
  onDuplicate?(answer: DecodedAnswer): void;
  /** The feed stopped by itself (not by stop()): nothing more will come. */
  onEnd?(error: WireError): void;
}

const MSG_ID = "Nats-Msg-Id";

export class AnswerFeed {
  #duplicates = 0;
  #echoes = 0;
  readonly #done: Promise<void>;
  readonly #direct: Subscription | null;

  private constructor(readonly adviseId: string, private readonly messages: ConsumerMessages, direct: Nats | null, codec: RolloutCodec,
    filter: DuplicateFilter, handlers: AnswerFeedHandlers, trace: TripTrace | undefined) {
    /** NATS message ids of the answers seen (both paths carry the id the worker published with). */
    const seen = new Set<string>();
    const take = (m: Pick<Msg, "data" | "headers">) => {
      const received = trace === undefined ? 0 : performance.now();
      const id = m.headers?.get(MSG_ID) ?? "";
      if (id !== "") {
        if (seen.has(id)) { this.#echoes++; return; }
        seen.add(id);
      }
      const decoded = codec.decodeAnswer(m.data);
      if (!decoded.ok) { handlers.onInvalid?.(decoded.error); return; }
      if (id === "") {
        // Published without a message id (not by a maat worker): told apart by what it says.
        const key = `~${decoded.value.messageId}.${decoded.value.deliveries}.${decoded.value.workerId}`;
        if (seen.has(key)) { this.#echoes++; return; }
        seen.add(key);
      }
      if (trace !== undefined) {
        trace(decoded.value.messageId, "received", received);
        trace(decoded.value.messageId, "decoded", performance.now());
      }
      if (!filter.firstTime(adviseId, decoded.value.messageId)) { this.#duplicates++; handlers.onDuplicate?.(decoded.value); return; }
      handlers.onAnswer(decoded.value);
    };
    this.#direct = direct === null ? null : direct.subscribe(resultSubject(adviseId), {
      // Errors here are the subscription's end (permissions, connection closed); the ordered consumer reports those.
      callback: (error, m) => { if (error === null) take(m); },
    });
    this.#done = (async () => {
      for await (const m of messages) take(m);
    })().catch((e: unknown) => {
      // The consumer gave up (deleted, connection closed): the feed ends; say why.
      handlers.onEnd?.(natsErrorToWire(e, `results of ${adviseId}`));
    });
  }

  static async open(js: JetStreamClient, codec: RolloutCodec, adviseId: string, handlers: AnswerFeedHandlers,
    options: { readonly deadlineMs: number; readonly filter?: DuplicateFilter; readonly trace?: TripTrace; readonly direct?: Nats }): Promise<Outcome<AnswerFeed>> {
    const opened = await withDeadline(async () => {
      const consumer = await js.consumers.get(RESULT_STREAM, { filterSubjects: resultSubject(adviseId) });
      return consumer.consume();
    }, options.deadlineMs, `open results of ${adviseId}`);
    if (!opened.ok) return opened;
    return { ok: true, value: new AnswerFeed(adviseId, opened.value, options.direct ?? null, codec, options.filter ?? createDuplicateFilter(), handlers, options.trace) };
  }

  /** Answers dropped because their message had already been answered. */
  get duplicates(): number {
    return this.#duplicates;
  }

  /** Second arrivals of answers seen already (see above), dropped unread. */
  get echoes(): number {
    return this.#echoes;
  }

  async stop(): Promise<void> {
    this.#direct?.unsubscribe();
    this.messages.stop();
    await this.#done;
  }
}
