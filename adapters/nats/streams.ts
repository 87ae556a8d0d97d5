/**
 * The JetStream resources of the cluster, created when missing:
 * - MAAT_BATCHES: work-queue retention on `maat.batches.>`; a message leaves the stream when a
 *   worker acks it. One durable pull consumer, `maat-workers`, shared by every worker (a work-queue
 *   stream allows one consumer per subject), explicit acks, redelivery after `ackWaitMs`.
 * - MAAT_RESULTS: limits retention on `maat.results.>`, kept `resultMaxAgeMs`. Results go through
 *   JetStream rather than core NATS so that a worker acks its batch only once the result is stored
 *   (publish acknowledged): a coordinator that blinks loses nothing. Each result carries the
 *   message id `<advise>.<batch>`, so the server also drops duplicates within its duplicate window.
 * Both streams refuse messages above MAX_PAYLOAD_BYTES.
 */
import { AckPolicy, DeliverPolicy, DiscardPolicy, RetentionPolicy, StorageType, nanos, type JetStreamManager } from "nats";
import { withDeadline, type Outcome } from "./deadline.js";
import { MAX_PAYLOAD_BYTES } from "./payload-limit.js";
import { BATCH_STREAM, RESULT_STREAM, WORKER_CONSUMER } from "./subjects.js";

export interface ClusterStreamOptions {
  /** A fetched batch not acked within this time goes to another worker. */
  readonly ackWaitMs: number;
  /**
   * True (the default, the coordinator): an existing worker consumer gets `ackWaitMs` and
   * `maxDeliver`. False (a worker): an existing consumer keeps its settings (`ackWaitMs` only
   * creates a missing one), so a worker's MAAT_ACK_WAIT_SECONDS never overrides the coordinator's.
   */
  readonly updateConsumer?: boolean;
  /** Deliveries of one batch before JetStream gives up on it. */
  readonly maxDeliver?: number;
  readonly resultMaxAgeMs?: number;
  readonly storage?: "file" | "memory";
  readonly deadlineMs?: number;
}

async function isMissing(op: () => Promise<unknown>): Promise<boolean> {
  try {
    await op();
    return false;
  } catch (e) {
    const code = (e as { api_error?: { err_code?: number }; code?: string }).api_error?.err_code;
    if (code === 10059 || code === 10014 || (e as { code?: string }).code === "404") return true;
    throw e;
  }
}

/** What the cluster's consumer ended up with. */
export interface ClusterStreams {
  /** The worker consumer's ack wait in effect (ms). */
  readonly ackWaitMs: number;
}

/** Creates the streams and the worker consumer if absent; an existing consumer gets `ackWaitMs` unless `updateConsumer` is false. */
export function ensureClusterStreams(jsm: JetStreamManager, options: ClusterStreamOptions): Promise<Outcome<ClusterStreams>> {
  const storage = options.storage === "memory" ? StorageType.Memory : StorageType.File;
  return withDeadline(async () => {
    if (await isMissing(() => jsm.streams.info(BATCH_STREAM))) {
      await jsm.streams.add({
        name: BATCH_STREAM, subjects: ["maat.batches.>"], retention: RetentionPolicy.Workqueue, storage,
        max_msg_size: MAX_PAYLOAD_BYTES, discard: DiscardPolicy.Old, duplicate_window: nanos(120_000),
      });
    }
    if (await isMissing(() => jsm.streams.info(RESULT_STREAM))) {
      await jsm.streams.add({
        name: RESULT_STREAM, subjects: ["maat.results.>"], retention: RetentionPolicy.Limits, storage,
        max_msg_size: MAX_PAYLOAD_BYTES, max_age: nanos(options.resultMaxAgeMs ?? 3_600_000), duplicate_window: nanos(120_000),
      });
    }
    const consumer = {
      durable_name: WORKER_CONSUMER, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(options.ackWaitMs), max_deliver: options.maxDeliver ?? 10, max_ack_pending: 10_000,
    };
    if (await isMissing(() => jsm.consumers.info(BATCH_STREAM, WORKER_CONSUMER))) {
      const added = await jsm.consumers.add(BATCH_STREAM, consumer);
      return { ackWaitMs: (added.config.ack_wait ?? consumer.ack_wait) / 1e6 };
    }
    if (options.updateConsumer === false) {
      const info = await jsm.consumers.info(BATCH_STREAM, WORKER_CONSUMER);
      return { ackWaitMs: (info.config.ack_wait ?? consumer.ack_wait) / 1e6 };
    }
    const updated = await jsm.consumers.update(BATCH_STREAM, WORKER_CONSUMER, { ack_wait: consumer.ack_wait, max_deliver: consumer.max_deliver });
    return { ackWaitMs: (updated.config.ack_wait ?? consumer.ack_wait) / 1e6 };
  }, options.deadlineMs ?? 10_000, "ensure cluster streams");
}
