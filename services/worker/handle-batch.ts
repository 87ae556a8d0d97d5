/**
 * One fetched batch, start to end: its graph, its rollouts on one pool thread, its result published
 * and the batch acked. A batch whose graph is missing or whose run fails is answered with an error
 * result (`{code, message}`), never dropped. The ack wait is renewed while the batch is in hand.
 */
import type { ClusterMetrics } from "../../adapters/metrics/index.js";
import type { BatchAnswer, DeliveredBatch } from "../../adapters/nats/index.js";
import type { SharedGraph, SharedRules } from "../../adapters/piscina/index.js";
import { type RolloutResult, deadEndsOf, stacksOf } from "../../core/rollout/index.js";
import { toBatchError, type BatchError } from "./batch-error.js";
import type { GraphSource } from "./graph-source.js";
import { keepWorking, workingInterval } from "./keep-working.js";

export type FetchedBatch = Extract<DeliveredBatch, { readonly kind: "batch" }>;

/** What the worker needs of the rollout pool. */
export interface BatchPool {
  /** With `rules`, every stack judged by them on the thread. */
  runTask(graph: SharedGraph, requests: FetchedBatch["batch"]["requests"], rules?: SharedRules): Promise<RolloutResult[]>;
}

export interface BatchHandlerDeps {
  readonly workerId: string;
  readonly graphs: GraphSource;
  readonly pool: BatchPool;
  readonly metrics: ClusterMetrics;
  readonly ackWaitMs: number;
  /** Deadline of one attempt to publish the result and ack. */
  readonly completeDeadlineMs: number;
  /** Resolves true once NATS is connected, false after `ms`. */
  waitConnected(ms: number): Promise<boolean>;
  log(line: string): void;
}

/** How a batch ended, for the caller's log. */
export type BatchOutcome =
  | { readonly kind: "answered"; readonly results: number }
  | { readonly kind: "failed"; readonly error: BatchError }
  /** The result could not be published: JetStream redelivers the batch after its ack wait. */
  | { readonly kind: "unanswered"; readonly error: BatchError };

const COMPLETE_ATTEMPTS = 3;

export async function handleBatch(delivered: FetchedBatch, deps: BatchHandlerDeps): Promise<BatchOutcome> {
  const { metrics } = deps;
  const started = performance.now();
  metrics.batchesInFlight.inc();
  if (delivered.redelivered) metrics.redeliveries.inc();
  const stopWorking = keepWorking(() => delivered.working(), workingInterval(deps.ackWaitMs));
  try {
    const answer = await runBatch(delivered.batch, deps);
    const { adviseId, batchId } = delivered.batch;
    const message: BatchAnswer = "error" in answer
      ? { adviseId, batchId, workerId: deps.workerId, results: [], error: answer.error }
      : { adviseId, batchId, workerId: deps.workerId, results: answer.results };
    if ("results" in answer) countResults(answer.results, metrics);
    const sent = await completeWithRetry(delivered, message, deps);
    if (!sent.ok) return { kind: "unanswered", error: sent.error };
    if (sent.downgraded !== undefined) return { kind: "failed", error: sent.downgraded };
    return "error" in answer ? { kind: "failed", error: answer.error } : { kind: "answered", results: answer.results.length };
  } finally {
    stopWorking();
    metrics.batchesInFlight.dec();
    metrics.batchSeconds.observe((performance.now() - started) / 1000);
  }
}

async function runBatch(batch: FetchedBatch["batch"], deps: BatchHandlerDeps): Promise<{ results: RolloutResult[] } | { error: BatchError }> {
  const graph = await deps.graphs.get(batch.graphHash);
  if (!graph.ok) return { error: graph.error };
  const rules = batch.rulesKey === undefined ? undefined : await deps.graphs.rules(batch.rulesKey);
  if (rules !== undefined && !rules.ok) return { error: rules.error };
  try {
    const results = await deps.pool.runTask(graph.value, batch.requests, rules?.value);
    if (results.length !== batch.requests.length) {
      return { error: { code: "internal", message: `batch ${batch.batchId}: ${results.length} results for ${batch.requests.length} requests` } };
    }
    return { results };
  } catch (e) {
    return { error: toBatchError(e, `batch ${batch.batchId} of advise ${batch.adviseId}`) };
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
 * Publishes the answer and acks, retrying after NATS comes back. Results over the payload limit
 * are replaced, once, by an error result saying so (the coordinator fails or continues with it).
 */
async function completeWithRetry(delivered: FetchedBatch, message: BatchAnswer, deps: BatchHandlerDeps): Promise<Sent> {
  let answer = message;
  let downgraded: BatchError | undefined;
  for (let failures = 0; ;) {
    const done = await delivered.complete(answer, deps.completeDeadlineMs);
    if (done.ok) return downgraded === undefined ? { ok: true } : { ok: true, downgraded };
    if (done.error.code === "payload-too-large" && downgraded === undefined) {
      downgraded = { code: "invalid-payload", message: `${done.error.message} (smaller batches: maat serve --chunk-size)` };
      answer = { adviseId: message.adviseId, batchId: message.batchId, workerId: message.workerId, results: [], error: downgraded };
      continue;
    }
    failures++;
    deps.log(`batch ${message.batchId} of advise ${message.adviseId}: result not delivered (attempt ${failures} of ${COMPLETE_ATTEMPTS}): ${done.error.message}`);
    if (failures === COMPLETE_ATTEMPTS) return { ok: false, error: done.error };
    await deps.waitConnected(deps.ackWaitMs);
  }
}
