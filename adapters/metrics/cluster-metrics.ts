/**
 * The cluster's Prometheus metrics, `maat_*`, in a Registry of their own (one per process, never
 * prom-client's global default). Counters end in `_total`, times are in seconds.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, exponentialBuckets } from "prom-client";

export interface ClusterMetricsOptions {
  /** `coordinator` or `worker`: a constant label on every series. */
  readonly role: string;
  /** Also collect Node's process metrics (CPU, memory, event loop) into this registry. */
  readonly processMetrics?: boolean;
}

export type AdviseOutcomeLabel = "done" | "failed" | "cancelled";

export interface ClusterMetrics {
  readonly registry: Registry;
  /** Advises finished, by outcome. */
  readonly advises: Counter<"outcome">;
  readonly stacksScored: Counter;
  readonly deadEnds: Counter;
  /** Time from a batch's publication (or fetch, on a worker) to its result: 1 ms to ~33 s, doubling. */
  readonly batchSeconds: Histogram;
  readonly batchesInFlight: Gauge;
  /** Batches waiting in the work queue (the stream's message count). */
  readonly queueDepth: Gauge;
  /** Reward of the incumbent of the latest running advise. */
  readonly bestScore: Gauge;
  /** Proven gap of the last advise that knew one (exact), for the dashboard's search quality. */
  readonly optimalityGap: Gauge;
  readonly redeliveries: Counter;
  readonly graphCacheHits: Counter;
  readonly graphCacheMisses: Counter;
  /** Results dropped because their batch had been answered already. */
  readonly duplicateResults: Counter;
  /** Messages a worker removed from the work queue as not rollout messages, by reason (empty, version, undecodable, inconsistent). */
  readonly messagesRejected: Counter<"reason">;
  /** Objects (compiled graphs and what is stored beside them) deleted from the object store after going unused for the expiry. */
  readonly objectsExpired: Counter;
}

export const BATCH_BUCKETS = exponentialBuckets(0.001, 2, 16);

export function createClusterMetrics(options: ClusterMetricsOptions): ClusterMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ role: options.role });
  if (options.processMetrics) {
    collectDefaultMetrics({ register: registry, prefix: "maat_" });
    // prom-client names three gauges `*_total`, which promtool rejects: only counters end in _total.
    for (const gauge of ["maat_nodejs_active_handles_total", "maat_nodejs_active_requests_total", "maat_nodejs_active_resources_total"]) {
      registry.removeSingleMetric(gauge);
    }
  }
  const registers = [registry];
  return {
    registry,
    advises: new Counter({ name: "maat_advises_total", help: "Advises finished, by outcome.", labelNames: ["outcome"], registers }),
    stacksScored: new Counter({ name: "maat_stacks_scored_total", help: "Stacks scored (final states reached by rollouts).", registers }),
    deadEnds: new Counter({ name: "maat_dead_ends_total", help: "Rollouts that ended in a dead end.", registers }),
    batchSeconds: new Histogram({ name: "maat_batch_duration_seconds", help: "Time from a batch's publication or fetch to its result.", buckets: BATCH_BUCKETS, registers }),
    batchesInFlight: new Gauge({ name: "maat_batches_in_flight", help: "Batches published or fetched and not yet answered.", registers }),
    queueDepth: new Gauge({ name: "maat_queue_depth", help: "Batches waiting in the work queue.", registers }),
    bestScore: new Gauge({ name: "maat_best_score", help: "Reward of the current incumbent.", registers }),
    optimalityGap: new Gauge({ name: "maat_optimality_gap", help: "Proven gap between incumbent and optimum of the last advise that knew one.", registers }),
    redeliveries: new Counter({ name: "maat_redeliveries_total", help: "Batches delivered again after an ack wait expired.", registers }),
    graphCacheHits: new Counter({ name: "maat_graph_cache_hits_total", help: "Compiled graphs served from the local cache.", registers }),
    graphCacheMisses: new Counter({ name: "maat_graph_cache_misses_total", help: "Compiled graphs fetched from the object store.", registers }),
    messagesRejected: new Counter({ name: "maat_messages_rejected_total", help: "Messages removed from the work queue unrun because they are not rollout messages, by reason.", labelNames: ["reason"], registers }),
    objectsExpired: new Counter({ name: "maat_objects_expired_total", help: "Objects deleted from the graph store after going unused for the expiry (--graph-expiry).", registers }),
    duplicateResults: new Counter({ name: "maat_duplicate_results_total", help: "Results ignored because their batch was answered already.", registers }),
  };
}
