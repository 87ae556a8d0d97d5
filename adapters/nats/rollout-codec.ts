/**
 * Binary protobuf encoding of the NATS payloads (proto/maat/v1/rollout.proto) with protobufjs.
 * uint64 fields are JavaScript safe integers: encoding throws a RangeError on anything else (a bug
 * in the caller), decoding reports an `invalid-payload` error.
 */
import protobuf from "protobufjs";
import { join } from "node:path";
import { findProtoDir } from "./proto-dir.js";
import { wireError, type WireError } from "./wire-error.js";

export interface RolloutRequestMessage {
  /** Flattened (package, version) pairs. */
  readonly pins: Uint32Array | readonly number[];
  readonly seed: number;
}

export interface RolloutBatchMessage {
  readonly adviseId: string;
  readonly batchId: number;
  readonly round: number;
  readonly graphHash: string;
  readonly seed: number;
  readonly requests: readonly RolloutRequestMessage[];
}

export interface OutcomeMessage {
  readonly reward: number;
  /** Per package: the pinned version index, or -1. */
  readonly pins: Int32Array | readonly number[];
  readonly deadEnd: boolean;
  readonly deadEndPackage: number;
}

export interface RolloutResultMessage {
  readonly adviseId: string;
  readonly batchId: number;
  readonly workerId: string;
  readonly outcomes: readonly OutcomeMessage[];
  readonly error?: WireError;
}

export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: WireError };

export interface RolloutCodec {
  encodeBatch(batch: RolloutBatchMessage): Uint8Array;
  decodeBatch(bytes: Uint8Array): Decoded<RolloutBatchMessage>;
  encodeResult(result: RolloutResultMessage): Uint8Array;
  decodeResult(bytes: Uint8Array): Decoded<RolloutResultMessage>;
  /** Encoded size of one request inside a batch (field tag and length prefix included). */
  requestSize(request: RolloutRequestMessage): number;
}

type LongLike = number | { toString(): string };

function safe(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${field} must be a non-negative safe integer, got ${value}`);
  return value;
}

function fromLong(value: LongLike, field: string): number {
  const n = typeof value === "number" ? value : Number(value.toString());
  if (!Number.isSafeInteger(n)) throw new RangeError(`${field} ${value.toString()} exceeds 2^53`);
  return n;
}

let cachedRoot: protobuf.Root | undefined;

function root(): protobuf.Root {
  cachedRoot ??= new protobuf.Root().loadSync(join(findProtoDir(), "maat", "v1", "rollout.proto"), { keepCase: true });
  return cachedRoot;
}

export function createRolloutCodec(): RolloutCodec {
  const r = root();
  const Batch = r.lookupType("maat.v1.RolloutBatch");
  const Request = r.lookupType("maat.v1.RolloutRequest");
  const Result = r.lookupType("maat.v1.RolloutResult");

  const toRequest = (q: RolloutRequestMessage, i: number) => ({ pins: Array.from(q.pins), seed: safe(q.seed, `requests[${i}].seed`) });

  return {
    encodeBatch(b) {
      return Batch.encode({
        advise_id: b.adviseId, batch_id: safe(b.batchId, "batch_id"), round: b.round, graph_hash: b.graphHash,
        seed: safe(b.seed, "seed"), requests: b.requests.map(toRequest),
      }).finish();
    },
    decodeBatch(bytes) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const m = Batch.decode(bytes) as any;
        return { ok: true, value: {
          adviseId: m.advise_id, batchId: fromLong(m.batch_id, "batch_id"), round: m.round, graphHash: m.graph_hash,
          seed: fromLong(m.seed, "seed"),
          requests: (m.requests as { pins: number[]; seed: LongLike }[]).map((q, i) => ({ pins: Uint32Array.from(q.pins), seed: fromLong(q.seed, `requests[${i}].seed`) })),
        } };
      } catch (e) {
        return { ok: false, error: wireError("invalid-payload", `RolloutBatch: ${(e as Error).message}`) };
      }
    },
    encodeResult(x) {
      return Result.encode({
        advise_id: x.adviseId, batch_id: safe(x.batchId, "batch_id"), worker_id: x.workerId,
        outcomes: x.outcomes.map((o) => ({ reward: o.reward, pins: Array.from(o.pins), dead_end: o.deadEnd, dead_end_package: o.deadEndPackage })),
        ...(x.error === undefined ? {} : { error: { code: x.error.code, message: x.error.message } }),
      }).finish();
    },
    decodeResult(bytes) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const m = Result.decode(bytes) as any;
        const outcomes = (m.outcomes as { reward: number; pins: number[]; dead_end: boolean; dead_end_package: number }[]).map((o) => ({
          reward: o.reward, pins: Int32Array.from(o.pins), deadEnd: o.dead_end, deadEndPackage: o.dead_end_package,
        }));
        const value: RolloutResultMessage = {
          adviseId: m.advise_id, batchId: fromLong(m.batch_id, "batch_id"), workerId: m.worker_id, outcomes,
          ...(m.error ? { error: { code: m.error.code as string, message: m.error.message as string } } : {}),
        };
        return { ok: true, value };
      } catch (e) {
        return { ok: false, error: wireError("invalid-payload", `RolloutResult: ${(e as Error).message}`) };
      }
    },
    requestSize(q) {
      const len = Request.encode(toRequest(q, 0)).len;
      return 1 + varintSize(len) + len;
    },
  };
}

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) { n = Math.floor(n / 128); size++; }
  return size;
}
