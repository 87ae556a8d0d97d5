/**
 * The worker, composed: metrics (role "worker"), the NATS connection (reconnecting after the first),
 * the cluster streams with this worker's ack wait, the graph store with its local cache, the
 * rollout pool and one slot per thread pulling messages. A class because it runs until stopped.
 */
import { MetricsServer, createClusterMetrics, type ClusterMetrics } from "../../adapters/metrics/index.js";
import { NatsConnection, createMessageFetcher, createRolloutCodec, ensureClusterStreams, openGraphStore } from "../../adapters/nats/index.js";
import { RolloutPool } from "../../adapters/piscina/index.js";
import type { BatchError } from "./batch-error.js";
import { startBatchSlots, type BatchSlots } from "./batch-slots.js";
import type { WorkerConfig } from "./config.js";
import { createGraphSource } from "./graph-source.js";
import { handleMessage, type MessageHandlerDeps } from "./handle-message.js";
import { workingInterval } from "./keep-working.js";
import type { Result } from "../../core/failure/index.js";
import type { TripTrace } from "../../adapters/nats/index.js";

export interface WorkerServiceOptions {
  log(line: string): void;
  /** Deadline of the first connection to NATS (later losses reconnect forever). */
  readonly connectTimeoutMs?: number;
  /** How long one pull waits for a message. */
  readonly fetchWaitMs?: number;
  /** Deadline of one graph download from the object store. */
  readonly graphDeadlineMs?: number;
  /** Times each message's trip (test/scaling/message-trip.ts); none by default. */
  readonly trace?: TripTrace;
}

export type WorkerStart = Result<WorkerService, BatchError>;

const CONNECT_TIMEOUT_MS = 10_000;
const FETCH_WAIT_MS = 1_000;
const GRAPH_DEADLINE_MS = 30_000;
const COMPLETE_DEADLINE_MS = 10_000;
const DRAIN_DEADLINE_MS = 5_000;

export class WorkerService {
  #stopping: Promise<void> | null = null;

  private constructor(
    readonly config: WorkerConfig,
    readonly metrics: ClusterMetrics,
    private readonly metricsServer: MetricsServer | null,
    private readonly connection: NatsConnection,
    private readonly pool: RolloutPool,
    private readonly slots: BatchSlots,
  ) {}

  /** Starts every part, or stops those already started and says which failed. */
  static async start(config: WorkerConfig, options: WorkerServiceOptions): Promise<WorkerStart> {
    const metrics = createClusterMetrics({ role: "worker", processMetrics: true });
    let metricsServer: MetricsServer | null = null;
    if (config.metricsListen !== null) {
      const { host, port } = config.metricsListen;
      metricsServer = new MetricsServer(metrics.registry, { host, port });
      try {
        await metricsServer.start();
      } catch (e) {
        return { ok: false, error: { code: "unavailable", message: `metrics endpoint (--metrics-listen, MAAT_METRICS_LISTEN): cannot listen on ${host}:${port}: ${(e as Error).message}` } };
      }
    }
    const fail = async (error: BatchError, connection?: NatsConnection): Promise<WorkerStart> => {
      await connection?.close();
      await metricsServer?.stop();
      return { ok: false, error };
    };
    const connected = await NatsConnection.connect({
      servers: config.natsUrl, name: `maat-worker-${config.workerId}`, connectTimeoutMs: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    });
    if (!connected.ok) return fail({ code: connected.error.code, message: `NATS ${config.natsUrl} (--nats, MAAT_NATS_URL): ${connected.error.message}` });
    const connection = connected.value;
    const jsm = await connection.jetstreamManager();
    if (!jsm.ok) return fail(jsm.error, connection);
    // The coordinator owns the consumer's ack wait; this worker's only creates a missing consumer,
    // and the ack wait in effect paces its renewals.
    const ensured = await ensureClusterStreams(jsm.value, { ackWaitMs: config.ackWaitMs, updateConsumer: false });
    if (!ensured.ok) return fail(ensured.error, connection);
    const js = connection.jetstream();
    const store = await openGraphStore(js, { cacheEntries: config.graphCache, deadlineMs: options.graphDeadlineMs ?? GRAPH_DEADLINE_MS });
    if (!store.ok) return fail(store.error, connection);

    connection.onState((state) => {
      if (state === "disconnected") options.log(`NATS ${config.natsUrl}: disconnected, reconnecting`);
      else if (state === "connected") options.log(`NATS ${config.natsUrl}: reconnected`);
    });
    const pool = new RolloutPool({ threads: config.threads, graphCacheEntries: config.graphCache });
    const deps: MessageHandlerDeps = {
      workerId: config.workerId,
      graphs: createGraphSource(store.value, { hit: (n) => metrics.graphCacheHits.inc(n), miss: (n) => metrics.graphCacheMisses.inc(n) }),
      pool,
      metrics,
      ackWaitMs: ensured.value.ackWaitMs,
      completeDeadlineMs: COMPLETE_DEADLINE_MS,
      waitConnected: (ms) => connection.waitConnected(ms),
      log: options.log,
      ...(options.trace === undefined ? {} : { trace: options.trace }),
    };
    const slots = startBatchSlots(createMessageFetcher(js, createRolloutCodec(), options.trace), async (delivered, events) => {
      const outcome = await handleMessage(delivered, deps, events);
      const which = `message ${delivered.message.messageId} of advise ${delivered.message.adviseId}`;
      if (outcome.kind === "failed") options.log(`${which}: answered with error ${outcome.error.code}: ${outcome.error.message}`);
      else if (outcome.kind === "unanswered") options.log(`${which}: no answer published (${outcome.error.message}); JetStream redelivers it after the ack wait`);
    }, {
      slots: config.threads, fetchWaitMs: options.fetchWaitMs ?? FETCH_WAIT_MS, workingEveryMs: workingInterval(ensured.value.ackWaitMs), log: options.log,
      rejected: (reason) => metrics.messagesRejected.inc({ reason }),
      ...(options.trace === undefined ? {} : { trace: options.trace }),
    });
    return { ok: true, value: new WorkerService(config, metrics, metricsServer, connection, pool, slots) };
  }

  /** `http://HOST:PORT/metrics`, or null without --metrics-listen. */
  get metricsUrl(): string | null {
    return this.metricsServer?.url ?? null;
  }

  /** Messages started and not yet answered. */
  get inHand(): number {
    return this.slots.inHand;
  }

  /** Messages fetched and waiting for a free thread (released for another worker on stop). */
  get ready(): number {
    return this.slots.ready;
  }

  /** Stops fetching, releases the ready messages, answers the messages in hand, then closes the pool, the metrics endpoint and the connection (drained). */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      await this.slots.stop();
      await this.pool.destroy();
      await this.metricsServer?.stop();
      await this.connection.drain(DRAIN_DEADLINE_MS);
    })();
    return this.#stopping;
  }
}
