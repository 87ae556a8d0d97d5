/**
 * One fetched message, start to end: its graph, its rollouts on one pool thread, its answer
 * published and the message acked. A message whose graph is missing or whose run fails is answered
 * with an error (`{code, message}`), never dropped. Its ack wait is renewed by the slot that holds
 * it (batch-slots.ts), from its delivery until it is answered.
 */
import type { ClusterMetrics } from "../../adapters/metrics/index.js";
import type { WorkerAnswer, DeliveredMessage } from "../../adapters/nats/index.js";
import type { SharedGraph, SharedRules } from "../../adapters/piscina/index.js";
import { type RolloutResult, deadEndsOf, stacksOf } from "../../core/rollout/index.js";
import { toBatchError, type BatchError } from "./batch-error.js";
import type { GraphOutcome, GraphSource, RulesOutcome } from "./graph-source.js";
import type { TripTrace } from "../../adapters/nats/index.js";

export type FetchedMessage = Extract<DeliveredMessage, { readonly kind: "message" }>;

/** What the worker needs of the rollout pool. */
export interface MessagePool {
  /** With `rules`, every stack judged by them on the thread. */
  runMessage(graph: SharedGraph, requests: FetchedMessage["message"]["requests"], rules?: SharedRules): Promise<RolloutResult[]>;
}

export interface MessageHandlerDeps {
  readonly workerId: string;
  readonly graphs: GraphSource;
  readonly pool: MessagePool;
  readonly metrics: ClusterMetrics;
  /** The consumer's ack wait: how long to wait for NATS to come back before retrying an answer. */
  readonly ackWaitMs: number;
  /** Deadline of one attempt to publish the answer and ack. */
  readonly completeDeadlineMs: number;
  /** Resolves true once NATS is connected, false after `ms`. */
  waitConnected(ms: number): Promise<boolean>;
  log(line: string): void;
  /** Times each message's trip (test/scaling/message-trip.ts); none by default. */
  readonly trace?: TripTrace;
}

/** What the slot running a message hears of it, each once, `running` before `ran`. */
export interface MessageEvents {
  /** Its rollouts are on their way to a pool thread (or it will not run): the slot may pull its next message now. */
  running(): void;
  /** Its thread is free (its answer not yet encoded): the slot may start its next message. */
  ran(): void;
}

const NO_EVENTS: MessageEvents = { running() {}, ran() {} };

/** How a message ended, for the caller's log. */
export type MessageOutcome =
  | { readonly kind: "answered"; readonly results: number }
  | { readonly kind: "failed"; readonly error: BatchError }
  /** The answer could not be published: JetStream redelivers the message after its ack wait. */
  | { readonly kind: "unanswered"; readonly error: BatchError };

const COMPLETE_ATTEMPTS = 3;

/**
 * Runs the message, then publishes its answer and acks it. `events.running` is called once its
 * rollouts are posted to a thread (so that the slot's next pull does not delay them), `events.ran`
 * once they are done (the pool thread is free again), before the answer is encoded: the slot
 * starts its next (ready) message then, and it runs while this answer is published and acked.
 */
export async function handleMessage(delivered: FetchedMessage, deps: MessageHandlerDeps, events: MessageEvents = NO_EVENTS): Promise<MessageOutcome> {
  const { metrics } = deps;
  const started = performance.now();
  deps.trace?.(delivered.message.messageId, "started", started);
  metrics.batchesInFlight.inc();
  if (delivered.redelivered) metrics.redeliveries.inc();
  try {
    const answer = await runMessage(delivered.message, deps, events);
    const { adviseId, messageId } = delivered.message;
    const reply: WorkerAnswer = "error" in answer
      ? { adviseId, messageId, workerId: deps.workerId, results: [], error: answer.error }
      : { adviseId, messageId, workerId: deps.workerId, results: answer.results };
    if ("results" in answer) countResults(answer.results, metrics);
    // The thread is free: the slot posts its next message to it first (in this turn, when one is
    // ready and its graph cached), then this answer is encoded and handed to the client; neither
    // waits for the answer's PubAck or the ack.
    events.running(); // no-op unless the message did not run
    events.ran();
    const sent = await completeWithRetry(delivered, reply, deps);
    if (!sent.ok) return { kind: "unanswered", error: sent.error };
    if (sent.downgraded !== undefined) return { kind: "failed", error: sent.downgraded };
    return "error" in answer ? { kind: "failed", error: answer.error } : { kind: "answered", results: answer.results.length };
  } finally {
    metrics.batchesInFlight.dec();
    metrics.batchSeconds.observe((performance.now() - started) / 1000);
  }
}

async function runMessage(message: FetchedMessage["message"], deps: MessageHandlerDeps, events: MessageEvents): Promise<{ results: RolloutResult[] } | { error: BatchError }> {
  // A cached graph (and rules) at once: the run is posted in the turn the slot starts the message.
  const known = deps.graphs.cachedGraph(message.graphHash);
  const graph: GraphOutcome = known !== undefined ? { ok: true, value: known } : await deps.graphs.get(message.graphHash);
  if (!graph.ok) return { error: graph.error };
  const key = message.rulesKey;
  const knownRules = key === undefined ? undefined : deps.graphs.cachedRules(key);
  const rules: RulesOutcome | undefined = key === undefined ? undefined : knownRules !== undefined ? { ok: true, value: knownRules } : await deps.graphs.rules(key);
  if (rules !== undefined && !rules.ok) return { error: rules.error };
  deps.trace?.(message.messageId, "graph", performance.now());
  try {
    const running = deps.pool.runMessage(graph.value, message.requests, rules?.value);
    events.running();
    const results = await running;
    deps.trace?.(message.messageId, "ran", performance.now());
    if (results.length !== message.requests.length) {
      return { error: { code: "internal", message: `message ${message.messageId}: ${results.length} results for ${message.requests.length} requests` } };
    }
    return { results };
  } catch (e) {
    return { error: toBatchError(e, `message ${message.messageId} of advise ${message.adviseId}`) };
  }
}

function countResults(results: readonly RolloutResult[], metrics: ClusterMetrics): void {
  let stacks = 0, deadEnds = 0;
  for (const r of results) {
    stacks += stacksOf(r);
    deadEnds += deadEndsOf(r);
  }
  if (stacks > 0) metrics.stacksScored.inc(stacks);
  if (deadEnds > 0) metrics.deadEnds.inc(deadEnds);
}

type Sent = { readonly ok: true; readonly downgraded?: BatchError } | { readonly ok: false; readonly error: BatchError };

/**
 * Publishes the answer and acks, retrying after NATS comes back. An answer over the payload limit
 * is replaced, once, by an error answer saying so (the coordinator fails or continues with it).
 */
async function completeWithRetry(delivered: FetchedMessage, first: WorkerAnswer, deps: MessageHandlerDeps): Promise<Sent> {
  let answer = first;
  let downgraded: BatchError | undefined;
  for (let failures = 0; ;) {
    const done = await delivered.complete(answer, deps.completeDeadlineMs);
    if (done.ok) return downgraded === undefined ? { ok: true } : { ok: true, downgraded };
    if (done.error.code === "payload-too-large" && downgraded === undefined) {
      downgraded = { code: "invalid-payload", message: `${done.error.message} (smaller messages: maat serve --chunk-size)` };
      answer = { adviseId: first.adviseId, messageId: first.messageId, workerId: first.workerId, results: [], error: downgraded };
      continue;
    }
    failures++;
    deps.log(`message ${first.messageId} of advise ${first.adviseId}: answer not delivered (attempt ${failures} of ${COMPLETE_ATTEMPTS}): ${done.error.message}`);
    if (failures === COMPLETE_ATTEMPTS) return { ok: false, error: done.error };
    await deps.waitConnected(deps.ackWaitMs);
  }
}
