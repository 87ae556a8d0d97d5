/**
 * The coordinator's side of `maat.results.<advise>`: an ordered JetStream consumer filtered to one
 * advise, decoding every answer and dropping duplicates (by message id) before the handler sees it.
 * A class because it runs until stopped.
 */
import type { ConsumerMessages, JetStreamClient } from "nats";
import { natsErrorToWire, withDeadline, type Outcome } from "./deadline.js";
import { createDuplicateFilter, type DuplicateFilter } from "./duplicate-answers.js";
import type { DecodedAnswer, RolloutCodec } from "./rollout-codec.js";
import { RESULT_STREAM, resultSubject } from "./subjects.js";
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

export class AnswerFeed {
  #duplicates = 0;
  readonly #done: Promise<void>;

  private constructor(readonly adviseId: string, private readonly messages: ConsumerMessages, codec: RolloutCodec,
    filter: DuplicateFilter, handlers: AnswerFeedHandlers) {
    this.#done = (async () => {
      for await (const m of messages) {
        const decoded = codec.decodeAnswer(m.data);
        if (!decoded.ok) { handlers.onInvalid?.(decoded.error); continue; }
        if (!filter.firstTime(adviseId, decoded.value.messageId)) { this.#duplicates++; handlers.onDuplicate?.(decoded.value); continue; }
        handlers.onAnswer(decoded.value);
      }
    })().catch((e: unknown) => {
      // The consumer gave up (deleted, connection closed): the feed ends; say why.
      handlers.onEnd?.(natsErrorToWire(e, `results of ${adviseId}`));
    });
  }

  static async open(js: JetStreamClient, codec: RolloutCodec, adviseId: string, handlers: AnswerFeedHandlers,
    options: { readonly deadlineMs: number; readonly filter?: DuplicateFilter }): Promise<Outcome<AnswerFeed>> {
    const opened = await withDeadline(async () => {
      const consumer = await js.consumers.get(RESULT_STREAM, { filterSubjects: resultSubject(adviseId) });
      return consumer.consume();
    }, options.deadlineMs, `open results of ${adviseId}`);
    if (!opened.ok) return opened;
    return { ok: true, value: new AnswerFeed(adviseId, opened.value, codec, options.filter ?? createDuplicateFilter(), handlers) };
  }

  /** Answers dropped because their message had already been answered. */
  get duplicates(): number {
    return this.#duplicates;
  }

  async stop(): Promise<void> {
    this.messages.stop();
    await this.#done;
  }
}
