/**
 * Binary protobuf encoding of the NATS payloads (proto/maat/v1/rollout.proto), in core's words: a
 * batch carries core RolloutRequests, a result core RolloutResults. Written and read by hand
 * (batch-wire.ts, result-wire.ts, on protobufjs's Reader and Writer) straight from and into typed
 * arrays, about five times faster than protobufjs reflection; the tests hold both to the .proto.
 *
 * - Policies are sent once per batch: requests that share a policy object (td's one softmax over a
 *   Float64Array of values, mcts's softmax over the static scores) reference one entry; every
 *   uniform policy is one entry. Decoded requests that referenced the same entry share one
 *   decoded policy object (uniform decodes to core's UNIFORM).
 * - A result's pins are not sent: `decodeResult` gives outcomes (kind, id, reward, path, dead-end
 *   package) that `resultFromOutcome(graph, outcome)` (core/rollout) turns back into results.
 * - uint64 fields are JavaScript safe integers: encoding throws a RangeError naming the field on
 *   anything else (a bug in the caller); decoding reports an `invalid-payload` error naming it.
 */
import type { RolloutOutcome, RolloutRequest, RolloutResult } from "../../core/rollout/index.js";
import { readBatch, writeBatch } from "./batch-wire.js";
import { readResult, writeResult } from "./result-wire.js";
import { wireError, type WireError } from "./wire-error.js";

/** One message of the work queue: a slice of one runner call's requests. */
export interface RolloutBatchMessage {
  readonly adviseId: string;
  /** Sequential over the whole advise. */
  readonly batchId: number;
  /** The runner call this batch is part of. */
  readonly round: number;
  /** The compiled graph's content hash (graph store key). */
  readonly graphHash: string;
  readonly requests: readonly RolloutRequest[];
}

/** A worker's answer to one batch: a result per request in request order, or the batch's error. */
export interface RolloutResultMessage {
  readonly adviseId: string;
  readonly batchId: number;
  readonly workerId: string;
  readonly results: readonly RolloutResult[];
  /** The batch failed as a whole: a RunnerFailure's `{code, message}`. */
  readonly error?: WireError;
  /** Deliveries of the batch when it was answered (1 = first). DeliveredBatch.complete sets it. */
  readonly deliveries?: number;
}

/** A decoded answer: outcomes, which the coordinator turns into results with the graph. */
export interface DecodedResultMessage {
  readonly adviseId: string;
  readonly batchId: number;
  readonly workerId: string;
  readonly outcomes: readonly RolloutOutcome[];
  readonly error?: WireError;
  /** 0 when the sender did not say. */
  readonly deliveries: number;
}

export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: WireError };

export interface RolloutCodec {
  encodeBatch(batch: RolloutBatchMessage): Uint8Array;
  decodeBatch(bytes: Uint8Array): Decoded<RolloutBatchMessage>;
  encodeResult(result: RolloutResultMessage): Uint8Array;
  decodeResult(bytes: Uint8Array): Decoded<DecodedResultMessage>;
}

/** A decoded uint64: a number, or a Long (low and high 32-bit halves) when long.js is installed. */
export function createRolloutCodec(): RolloutCodec {
  const decoding = <T>(what: string, read: () => T): Decoded<T> => {
    try {
      return { ok: true, value: read() };
    } catch (e) {
      return { ok: false, error: wireError("invalid-payload", `${what}: ${(e as Error).message}`) };
    }
  };
  return {
    encodeBatch: writeBatch,
    decodeBatch: (bytes) => decoding("RolloutBatch", () => readBatch(bytes)),
    encodeResult: writeResult,
    decodeResult: (bytes) => decoding("RolloutResult", () => readResult(bytes)),
  };
}
