/**
 * NATS transport of the cluster: the connection, the JetStream work queue of rollout batches with
 * pull back-pressure and redelivery, results, the compiled-graph object store, binary protobuf
 * payloads under MAX_PAYLOAD_BYTES, duplicate-result filtering, and the coordinator's RolloutRunner
 * over all of it (openNatsRunner). Errors are `{code, message}` data.
 */
export { NatsConnection, type ConnectionState, type NatsConnectionOptions } from "./nats-connection.js";
export { natsErrorToWire, withDeadline, type Outcome } from "./deadline.js";
export { wireError, type NatsErrorCode, type WireError } from "./wire-error.js";
export { createRolloutCodec, type Decoded, type DecodedAnswer, type RolloutMessage, type RolloutCodec, type RolloutAnswer } from "./rollout-codec.js";
export { MAX_PAYLOAD_BYTES, splitIntoMessages, type SplitLimits, type SplitOutcome } from "./payload-limit.js";
export { RESULT_HEADER_ALLOWANCE, messageHeaderSize, outcomeSizeBound, policySize, requestSize } from "./encoded-size.js";
export { BATCH_PAYLOAD, BATCH_PAYLOAD_HEADER, BATCH_STREAM, GRAPH_BUCKET, RESULT_STREAM, WORKER_CONSUMER, batchSubject, isAdviseId, resultSubject } from "./subjects.js";
export { ensureClusterStreams, type ClusterStreamOptions, type ClusterStreams } from "./streams.js";
export { createMessageFetcher, publishMessage, publishEncodedMessage, publishAnswer, type WorkerAnswer, type MessageFetcher, type DeliveredMessage } from "./work-queue.js";
export { AnswerFeed, type AnswerFeedHandlers } from "./answer-feed.js";
export { openGraphStore, type GraphStore, type GraphStoreOptions, type GraphStoreStats } from "./graph-store.js";
export { createDuplicateFilter, type DuplicateFilter } from "./duplicate-answers.js";
export { findProtoDir } from "./proto-dir.js";
export { REJECT_REASONS, checkEnvelope, checkMessage, type RejectReason, type Rejection } from "./message-check.js";
export { USED_KEY, lastUsed, sweepUnusedObjects, touchObjects, type SweepResult } from "./object-expiry.js";
export { purgeAdvise, type PurgedAdvise } from "./purge-advise.js";
export type { TripPhase, TripTrace } from "./trip-trace.js";
export { openNatsRunner, type NatsRunner, type NatsRunnerEvents, type NatsRunnerOptions, type NatsRunnerStats } from "./nats-runner.js";
