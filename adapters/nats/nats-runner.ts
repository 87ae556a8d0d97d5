/**
 * The coordinator's RolloutRunner over NATS. Opening it stores the compiled graph in the graph
 * store under its hash and opens the advise's answer feed. `run(requests)` (one batch) encodes
 * the requests at once into messages of at most `messageSize` rollouts (a request for k counts k)
 * and MAX_PAYLOAD_BYTES, numbered sequentially over the whole advise, publishes them to the work
 * queue, and resolves when every message is answered (in any order; duplicates dropped) with core
 * RolloutResults in request order, rebuilt from the outcomes with the graph: exactly what
 * createInProcessRunner gives.
 *
 * Failures reject with a RunnerFailure: a message answered with an error -> that error's code and
 * message; past the deadline -> `deadline-exceeded`, or `unavailable` naming the server when NATS
 * could not be reached or a message could not be published; `close()` -> `cancelled`. While NATS is
 * disconnected, publishing retries until the deadline and the connection reconnects by itself.
 * `close()` also purges the advise's leftover messages and answers from the streams. The advise id
 * must be unique per advise (its answers are told apart by message id).
 *
 * `judging(rules)` gives a runner whose messages name the stack rules (stored beside the graph under
 * their key before its first message): workers judge every stack with them, so results come back
 * with judged rewards and eager stops, rebuilt without re-checking a stack's reward against its path.
 */
import { type CompiledGraph, serializeGraph } from "../../core/graph/index.js";
import {
  RunnerFailure, type JudgedOutcomes, type PortableJudge, type RolloutRequest, type RolloutResult, type RolloutRunner, resultFromOutcome, runnerFailure,
} from "../../core/rollout/index.js";
import { type Outcome, withDeadline } from "./deadline.js";
import { openGraphStore } from "./graph-store.js";
import type { NatsConnection } from "./nats-connection.js";
import { RESULT_HEADER_ALLOWANCE, outcomeSizeBound } from "./encoded-size.js";
import { MAX_PAYLOAD_BYTES, splitIntoMessages } from "./payload-limit.js";
import { purgeAdvise } from "./purge-advise.js";
import { AnswerFeed } from "./answer-feed.js";
import { type DecodedAnswer, createRolloutCodec } from "./rollout-codec.js";
import { isAdviseId } from "./subjects.js";
import type { TripTrace } from "./trip-trace.js";
import { type WireError, wireError } from "./wire-error.js";
import { publishEncodedMessage } from "./work-queue.js";

/** Hooks for metrics; all optional. */
export interface NatsRunnerEvents {
  /** Messages stored by JetStream. */
  published?(messages: number): void;
  /** One message answered, `seconds` after its batch began publishing, with `requests` results. */
  answered?(seconds: number, requests: number): void;
  duplicate?(): void;
  /** An answer to a message that had been delivered more than once (a worker died or was slow). */
  redelivered?(): void;
  /** Messages sent and not answered yet. */
  inFlight?(messages: number): void;
}

export interface NatsRunnerOptions {
  readonly connection: NatsConnection;
  /** One subject token, unique per advise. */
  readonly adviseId: string;
  readonly graph: CompiledGraph;
  /**
   * Rollouts per NATS message (default 64; a request for k leaf rollouts counts k, and is never
   * split). Messages also stay under MAX_PAYLOAD_BYTES, and so do their answers: no more requests
   * per message than outcomes on this graph surely fit in one.
   */
  readonly messageSize?: number;
  /** Absolute, on `now`'s clock (ms): opening and every run fail after it. */
  readonly deadline: number;
  readonly now: () => number;
  readonly events?: NatsRunnerEvents;
  /** Times each message's trip (test/scaling/message-trip.ts); none by default. */
  readonly trace?: TripTrace;
}

export interface NatsRunnerStats {
  /** Messages published (stored by JetStream), and their encoded bytes. */
  readonly messages: number;
  readonly bytes: number;
  /** Messages answered, and the requests they held. */
  readonly answered: number;
  readonly requests: number;
  /** Answers dropped because their message had been answered already. */
  readonly duplicates: number;
  /** Second arrivals of an answer (AnswerFeed's echoes; 0 while the runner opens no direct subscription), dropped unread. */
  readonly echoes: number;
  /** Answers to messages delivered more than once. */
  readonly redelivered: number;
  /** Answers to messages no batch waits for any more (a failed or cancelled one). */
  readonly stale: number;
  /** Answers that did not decode. */
  readonly invalid: number;
  /** Requests per message: messageSize, or fewer when a worst-case answer would not fit in one message. */
  readonly requestsPerMessage: number;
  /** Publish attempts that failed and were tried again. */
  readonly publishRetries: number;
  /** True when opening wrote the graph (false: it was stored already). */
  readonly graphWritten: boolean;
  /** Stack rules stored for `judging` runners (puts that wrote; rules stored already are not counted). */
  readonly rulesWritten: number;
  /** Messages and answers removed by close(). */
  readonly purgedMessages: number;
  readonly purgedAnswers: number;
  /** Why close() could not purge, if it could not. */
  readonly purgeError: WireError | null;
}

export interface NatsRunner extends RolloutRunner {
  /** Rejects a pending batch with `cancelled`, stops the answer feed, purges the advise's leftovers. Idempotent. */
  close(): Promise<void>;
  stats(): NatsRunnerStats;
}

/** One batch (a run() call) waiting for the answers to its messages. */
interface Run {
  readonly batch: number;
  readonly parts: (RolloutResult[] | null)[];
  readonly messageIds: number[];
  readonly startedAt: number;
  remaining: number;
  settled: boolean;
  timer: NodeJS.Timeout | undefined;
  resolve(results: RolloutResult[]): void;
  reject(failure: RunnerFailure): void;
}

interface Sent {
  readonly run: Run;
  readonly part: number;
  readonly judged: JudgedOutcomes | undefined;
  readonly requests: readonly RolloutRequest[];
  readonly bytes: Uint8Array;
  published: boolean;
}

const RETRYABLE = new Set(["unavailable", "deadline-exceeded"]);

export async function openNatsRunner(options: NatsRunnerOptions): Promise<Outcome<NatsRunner>> {
  const { connection, adviseId, graph, deadline, now } = options;
  const messageSize = options.messageSize ?? 64;
  if (!isAdviseId(adviseId)) throw new RangeError(`adviseId ${JSON.stringify(adviseId)} is not one subject token ([A-Za-z0-9_-]{1,128})`);
  if (!Number.isInteger(messageSize) || messageSize < 1) throw new RangeError(`messageSize must be a positive integer, got ${messageSize}`);
  if (!Number.isFinite(deadline)) throw new RangeError(`deadline must be a finite time in ms, got ${deadline}`);
  // A worker's answer must fit in one NATS message too: no more requests than outcomes that surely fit.
  // (With leaf parallelism an outcome carries its aggregate: fewer per message for large k.)
  const fitting = (rollouts: number) => Math.max(1, Math.min(messageSize, Math.floor((MAX_PAYLOAD_BYTES - RESULT_HEADER_ALLOWANCE - adviseId.length) / outcomeSizeBound(graph, rollouts))));
  // messageSize counts rollouts (a request for k counts k; with k = 1, requests).
  const perMessage = fitting(1);
  const js = connection.jetstream();
  const server = () => connection.nc.getServer();

  /** Tries `op` (given the time it may take) until it succeeds, fails for good, or the deadline passes. */
  const untilDeadline = async <T>(op: (ms: number) => Promise<Outcome<T>>, what: string): Promise<Outcome<T>> => {
    let last: WireError = wireError("deadline-exceeded", `${what}: the deadline had passed`);
    for (;;) {
      const remaining = deadline - now();
      if (remaining <= 0) {
        return connection.state === "connected" ? { ok: false, error: last }
          : { ok: false, error: wireError("unavailable", `${what}: NATS server ${server()} unreachable until the deadline (${last.message})`) };
      }
      const out = await op(Math.min(remaining, connection.apiTimeoutMs));
      if (out.ok || !RETRYABLE.has(out.error.code)) return out;
      last = out.error;
      await pause(connection, Math.min(remaining, 1_000));
    }
  };

  const bytes = new Uint8Array(serializeGraph(graph));
  const put = await untilDeadline((ms) => withDeadline(async () => {
    const store = await openGraphStore(js, { deadlineMs: ms });
    return store.ok ? store.value.put(graph.hash, bytes) : store;
  }, ms, `store graph ${graph.hash}`).then((o) => (o.ok ? o.value : o)), `store graph ${graph.hash}`);
  if (!put.ok) return put;

  const codec = createRolloutCodec();
  const events = options.events ?? {};
  const trace = options.trace;
  const pending = new Map<number, Sent>();
  const runs = new Set<Run>();
  const attempts = new Set<Promise<unknown>>();
  let nextMessageId = 0;
  let batches = 0;
  let closed = false;
  let closing: Promise<void> | null = null;
  let lastPublishError: WireError | null = null;
  const counts = { messages: 0, bytes: 0, answered: 0, requests: 0, duplicates: 0, redelivered: 0, stale: 0, invalid: 0, publishRetries: 0, purgedMessages: 0, purgedAnswers: 0 };
  let purgeError: WireError | null = null;
  let feedError: WireError | null = null;

  const inFlight = () => events.inFlight?.(pending.size);
  const fail = (run: Run, failure: RunnerFailure) => {
    if (run.settled) return;
    run.settled = true;
    clearTimeout(run.timer);
    runs.delete(run);
    for (const id of run.messageIds) pending.delete(id);
    inFlight();
    run.reject(failure);
  };
  const rebuild = (sent: Sent, m: DecodedAnswer): RolloutResult[] | RunnerFailure => {
    const what = `answer to message ${m.messageId} from worker ${JSON.stringify(m.workerId)}`;
    if (m.outcomes.length !== sent.requests.length) {
      return new RunnerFailure("invalid-payload", `${what}: ${m.outcomes.length} outcomes for ${sent.requests.length} requests`);
    }
    const out: RolloutResult[] = new Array(m.outcomes.length);
    try {
      for (let i = 0; i < m.outcomes.length; i++) {
        const o = m.outcomes[i];
        if (o.id !== sent.requests[i].id) return new RunnerFailure("invalid-payload", `${what}: outcome ${i} is for request ${o.id}, not ${sent.requests[i].id}`);
        out[i] = resultFromOutcome(graph, o, sent.judged);
      }
    } catch (e) {
      return new RunnerFailure("invalid-payload", `${what}: ${(e as Error).message}`);
    }
    return out;
  };
  const onAnswer = (m: DecodedAnswer) => {
    const sent = pending.get(m.messageId);
    if (sent === undefined) { counts.stale++; return; }
    if (m.deliveries > 1) { counts.redelivered++; events.redelivered?.(); }
    const run = sent.run;
    if (m.error !== undefined) return fail(run, runnerFailure(m.error));
    const results = rebuild(sent, m);
    if (results instanceof RunnerFailure) return fail(run, results);
    trace?.(m.messageId, "rebuilt", performance.now());
    pending.delete(m.messageId);
    counts.answered++;
    counts.requests += results.length;
    events.answered?.((now() - run.startedAt) / 1000, results.length);
    inFlight();
    run.parts[sent.part] = results;
    if (--run.remaining > 0) return;
    run.settled = true;
    clearTimeout(run.timer);
    runs.delete(run);
    run.resolve(run.parts.flatMap((p) => p as RolloutResult[]));
  };

  const feed = await untilDeadline((ms) => AnswerFeed.open(js, codec, adviseId, {
    onAnswer,
    onInvalid: () => void counts.invalid++,
    onDuplicate: () => { counts.duplicates++; events.duplicate?.(); },
    onEnd: (error) => {
      feedError = error;
      for (const r of [...runs]) fail(r, new RunnerFailure("unavailable", `advise ${adviseId}: ${error.message}`));
    },
    // Not \`direct: connection.nc\` (AnswerFeed's direct subscription, one server hop less per answer):
  // with it, an advise whose NATS went away mid-search failed only at this runner's deadline (an
  // ack wait later) in test/integration/coordinator-nats-health.test.ts, not at its own; the cause
  // is not found yet (docs/scaling.md).
  }, { deadlineMs: ms, ...(trace === undefined ? {} : { trace }) }), `open results of ${adviseId}`);
  if (!feed.ok) return feed;

  const expiry = (run: Run): RunnerFailure => {
    const n = run.messageIds.length;
    const unpublished = run.messageIds.filter((id) => pending.get(id)?.published === false).length;
    const where = `advise ${adviseId}, batch ${run.batch}: ${run.remaining} of ${n} messages unanswered at the deadline`;
    if (connection.state !== "connected") {
      return new RunnerFailure("unavailable", `${where}; NATS server ${server()} unreachable (${lastPublishError?.message ?? `connection ${connection.state}`})`);
    }
    if (unpublished > 0) {
      return new RunnerFailure("unavailable", `${where}; ${unpublished} could not be published to NATS server ${server()} (${lastPublishError?.message ?? "no answer"})`);
    }
    return new RunnerFailure("deadline-exceeded", `${where} (no worker answered them in time)`);
  };
  const arm = (run: Run) => {
    run.timer = setTimeout(() => {
      if (run.settled) return;
      if (now() < deadline) arm(run);
      else fail(run, expiry(run));
    }, Math.max(0, deadline - now()));
  };
  const publish = async (messageId: number, sent: Sent) => {
    while (!sent.run.settled) {
      const remaining = deadline - now();
      if (remaining <= 0) return;
      if (connection.state === "closed") return fail(sent.run, new RunnerFailure("unavailable", `advise ${adviseId}: the NATS connection to ${server()} is closed`));
      const attempt = publishEncodedMessage(js, adviseId, messageId, sent.bytes, Math.min(remaining, connection.apiTimeoutMs));
      attempts.add(attempt);
      const out = await attempt;
      attempts.delete(attempt);
      if (out.ok) {
        trace?.(messageId, "published", performance.now());
        sent.published = true;
        counts.messages++;
        counts.bytes += sent.bytes.length;
        events.published?.(1);
        return;
      }
      lastPublishError = out.error;
      if (!RETRYABLE.has(out.error.code)) return fail(sent.run, new RunnerFailure("invalid-payload", out.error.message));
      counts.publishRetries++;
      await pause(connection, Math.min(deadline - now(), 1_000));
    }
  };

  // Stack rules by key: stored once (beside the graph) before the first message that names them.
  const storedRules = new Map<string, Promise<Outcome<{ readonly written: boolean }>>>();
  let rulesWritten = 0;
  const storeRules = (rules: PortableJudge) => {
    let stored = storedRules.get(rules.key);
    if (stored === undefined) {
      stored = untilDeadline((ms) => withDeadline(async () => {
        const store = await openGraphStore(js, { deadlineMs: ms });
        return store.ok ? store.value.put(rules.key, rules.bytes) : store;
      }, ms, `store stack rules ${rules.key}`).then((o) => (o.ok ? o.value : o)), `store stack rules ${rules.key}`);
      stored.then((o) => { if (o.ok && o.value.written) rulesWritten++; }, () => {});
      storedRules.set(rules.key, stored);
    }
    return stored;
  };
  const judgingRun = (rules: PortableJudge) => async (requests: readonly RolloutRequest[]): Promise<RolloutResult[]> => {
    const stored = await storeRules(rules);
    if (!stored.ok) throw runnerFailure(stored.error);
    return run(requests, rules);
  };

  const run = (requests: readonly RolloutRequest[], rules?: PortableJudge): Promise<RolloutResult[]> => {
    if (closed) return Promise.reject(new RunnerFailure("cancelled", `advise ${adviseId}: the runner is closed`));
    if (feedError !== null) return Promise.reject(new RunnerFailure("unavailable", `advise ${adviseId}: ${feedError.message}`));
    if (requests.length === 0) return Promise.resolve([]);
    if (now() >= deadline) return Promise.reject(new RunnerFailure("deadline-exceeded", `advise ${adviseId}: the deadline has passed`));
    const batch = batches++;
    const header = rules === undefined ? { adviseId, messageId: nextMessageId, batch, graphHash: graph.hash } : { adviseId, messageId: nextMessageId, batch, graphHash: graph.hash, rulesKey: rules.key };
    const judged = rules === undefined ? undefined : { stopCount: rules.stopCount };
    const split = splitIntoMessages(header, requests, { maxRequests: maxLeaf(requests) === 1 ? perMessage : fitting(maxLeaf(requests)), maxRollouts: messageSize });
    if (!split.ok) return Promise.reject(new RunnerFailure("invalid-payload", `advise ${adviseId}: ${split.message}`));
    nextMessageId = split.nextMessageId;
    return new Promise<RolloutResult[]>((resolve, reject) => {
      const current: Run = {
        batch, parts: split.messages.map(() => null), messageIds: split.messages.map((m) => m.messageId), startedAt: now(),
        remaining: split.messages.length, settled: false, timer: undefined, resolve, reject,
      };
      runs.add(current);
      // Encoded now: the requests' policies (td's values) may change once the run resolves.
      const sent = split.messages.map((m, part): Sent => ({ run: current, part, judged, requests: m.requests, bytes: codec.encodeMessage(m), published: false }));
      split.messages.forEach((m, i) => pending.set(m.messageId, sent[i]));
      if (trace !== undefined) for (const m of split.messages) trace(m.messageId, "encoded", performance.now());
      inFlight();
      arm(current);
      split.messages.forEach((m, i) => void publish(m.messageId, sent[i]));
    });
  };

  const close = (): Promise<void> => {
    closing ??= (async () => {
      closed = true;
      for (const r of [...runs]) fail(r, new RunnerFailure("cancelled", `advise ${adviseId}: the runner was closed with ${r.remaining} messages of batch ${r.batch} unanswered`));
      await Promise.allSettled([...attempts]); // a message stored after the purge would be left behind
      await withDeadline(() => feed.value.stop(), 2_000, `stop results of ${adviseId}`);
      const jsm = await connection.jetstreamManager();
      const purged = jsm.ok ? await purgeAdvise(jsm.value, adviseId, connection.apiTimeoutMs) : jsm;
      if (purged.ok) {
        counts.purgedMessages += purged.value.messages;
        counts.purgedAnswers += purged.value.answers;
      } else purgeError = purged.error;
    })();
    return closing;
  };

  return {
    ok: true,
    value: {
      run: (requests) => run(requests), close,
      judging: (rules) => ({ run: judgingRun(rules) }),
      stats: () => ({ ...counts, echoes: feed.value.echoes, requestsPerMessage: perMessage, graphWritten: put.value.written, rulesWritten, purgeError }),
    },
  };
}

/** Waits for the connection to come back when it is down, a short back-off otherwise; at most `ms`. */
async function pause(connection: NatsConnection, ms: number): Promise<void> {
  if (ms <= 0) return;
  if (connection.state === "disconnected") await connection.waitConnected(ms);
  else await new Promise((r) => setTimeout(r, Math.min(ms, 100)));
}

/** The most rollouts one of `requests` asks for (leaf parallelism). */
function maxLeaf(requests: readonly RolloutRequest[]): number {
  let k = 1;
  for (const q of requests) if (q.rollouts !== undefined && q.rollouts > k) k = q.rollouts;
  return k;
}
