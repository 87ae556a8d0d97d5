/**
 * `maat worker`: pulls rollout batches from the NATS work queue, no more than its threads can take,
 * runs them on a Piscina pool with graphs from the graph store, publishes each result, then acks.
 */
export { DEFAULT_ACK_WAIT_SECONDS, DEFAULT_GRAPH_CACHE, DEFAULT_NATS_URL, parseWorkerConfig, type ListenAddress, type WorkerConfig, type WorkerConfigOutcome, type WorkerFlags, type WorkerHost } from "./config.js";
export { processIo, readyLine, runWorker, STOP_DEADLINE_MS, type RunWorkerOptions, type WorkerProcess } from "./run-worker.js";
export { WorkerService, type WorkerServiceOptions, type WorkerStart } from "./worker-service.js";
