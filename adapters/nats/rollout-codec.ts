/**
 * Binary protobuf encoding of the NATS payloads (proto/maat/v1/rollout.proto) with protobufjs, in
 * core's words: a message (a slice of one search batch; proto RolloutBatch) carries core
 * RolloutRequests, its answer (proto RolloutResult) one outcome per request.
 *
 * - Policies are sent once per message: requests that share a policy object (td's one softmax over a
 *   Float64Array of values, mcts's softmax over the static scores) reference one entry; every
 *   uniform policy is one entry. Decoded requests that referenced the same entry share one
 *   decoded policy object (uniform decodes to core's UNIFORM).
 * - A result's pins are not sent: `decodeAnswer` gives outcomes (kind, id, reward, path, dead-end
 *   package) that `resultFromOutcome(graph, outcome)` (core/rollout) turns back into results.
 * - A request for k > 1 rollouts carries `rollouts`; its outcome carries the aggregate (count,
 *   stacks, reward sum, dead-end packages) beside the best stack's path. k = 1 sends neither.
 * - A message judged with stack rules names them (`rulesKey`, the graph store object); its
 *   outcomes' rewards are judged and a stack's eager stop comes back as `stop`.
 * - uint64 fields are JavaScript safe integers: encoding throws a RangeError naming the field on
 *   anything else (a bug in the caller); decoding reports an `invalid-payload` error.
 */
import protobuf from "protobufjs";
import { join } from "node:path";
import { type RolloutOutcome, type RolloutPolicy, type RolloutRequest, type RolloutResult, UNIFORM, outcomeOf } from "../../core/rollout/index.js";
import { findProtoDir } from "./proto-dir.js";
import { installSoftmaxWire } from "./softmax-wire.js";
import { failureFrom } from "../../core/failure/index.js";
import { wireError, type WireError } from "./wire-error.js";
import type { Result } from "../../core/failure/index.js";

/** One message of the work queue: a slice of one batch's requests (proto RolloutBatch). */
export interface RolloutMessage {
  readonly adviseId: string;
  /** Sequential over the whole advise (wire: batch_id). */
  readonly messageId: number;
  /** The batch (runner call) this message is part of, counted from 0 per advise (wire: round). */
  readonly batch: number;
  /** The compiled graph's content hash (graph store key). */
  readonly graphHash: string;
  readonly requests: readonly RolloutRequest[];
  /** The stack rules to judge stacks with (graph store key; wire: rules_key); absent: none. */
  readonly rulesKey?: string;
}

/** A worker's answer to one message (proto RolloutResult): a result per request in request order, or the message's error. */
export interface RolloutAnswer {
  readonly adviseId: string;
  readonly messageId: number;
  readonly workerId: string;
  readonly results: readonly RolloutResult[];
  /** The message failed as a whole: a RunnerFailure's `{code, message}`. */
  readonly error?: WireError;
  /** Deliveries of the message when it was answered (1 = first). DeliveredMessage.complete sets it. */
  readonly deliveries?: number;
}

/** A decoded answer: outcomes, which the coordinator turns into results with the graph. */
export interface DecodedAnswer {
  readonly adviseId: string;
  readonly messageId: number;
  readonly workerId: string;
  readonly outcomes: readonly RolloutOutcome[];
  readonly error?: WireError;
  /** 0 when the sender did not say. */
  readonly deliveries: number;
}

export type Decoded<T> = Result<T, WireError>;

export interface RolloutCodec {
  encodeMessage(message: RolloutMessage): Uint8Array;
  decodeMessage(bytes: Uint8Array): Decoded<RolloutMessage>;
  encodeAnswer(result: RolloutAnswer): Uint8Array;
  decodeAnswer(bytes: Uint8Array): Decoded<DecodedAnswer>;
}

/** A decoded uint64: a number, or a Long (low and high 32-bit halves) when long.js is installed. */
type LongLike = number | { readonly low: number; readonly high: number; toString(): string };

const KINDS: readonly RolloutResult["kind"][] = ["stack", "dead-end", "invalid"];

function safe(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${field} must be a non-negative safe integer, got ${value}`);
  return value;
}

function uint32(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`${field} must be a uint32, got ${value}`);
  return value;
}

function fromLong(value: LongLike, field: string): number {
  const n = typeof value === "number" ? value : (value.high >>> 0) * 4294967296 + (value.low >>> 0);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${field} ${value.toString()} exceeds 2^53`);
  return n;
}

let cachedRoot: protobuf.Root | undefined;

function root(): protobuf.Root {
  if (cachedRoot === undefined) {
    cachedRoot = new protobuf.Root().loadSync(join(findProtoDir(), "maat", "v1", "rollout.proto"), { keepCase: true });
    installSoftmaxWire(cachedRoot.lookupType("maat.v1.Softmax"));
  }
  return cachedRoot;
}

/** The distinct policies of `requests` (uniform once, others by identity) and each request's index among them. */
function policyTable(requests: readonly RolloutRequest[]): { policies: RolloutPolicy[]; index: Int32Array } {
  const policies: RolloutPolicy[] = [];
  const seen = new Map<RolloutPolicy, number>();
  let uniform = -1;
  const index = new Int32Array(requests.length);
  for (let i = 0; i < requests.length; i++) {
    const p = requests[i].policy;
    if (p.kind === "uniform") {
      if (uniform < 0) { uniform = policies.length; policies.push(p); }
      index[i] = uniform;
      continue;
    }
    let k = seen.get(p);
    if (k === undefined) { k = policies.length; seen.set(p, k); policies.push(p); }
    index[i] = k;
  }
  return { policies, index };
}

function policyMessage(p: RolloutPolicy): object {
  if (p.kind === "uniform") return { uniform: {} };
  if (p.kind === "softmax") return { softmax: { values: p.values, temperature: p.temperature } };
  return { prefer: { versions: p.versions } };
}

interface PolicyWire {
  uniform?: object | null;
  softmax?: { values: Float64Array | number[]; temperature: number } | null;
  prefer?: { versions: number[] } | null;
}

function policyOf(m: PolicyWire, i: number): RolloutPolicy {
  if (m.softmax) return { kind: "softmax", values: m.softmax.values instanceof Float64Array ? m.softmax.values : Float64Array.from(m.softmax.values), temperature: m.softmax.temperature };
  if (m.prefer) return { kind: "prefer", versions: Int32Array.from(m.prefer.versions) };
  if (m.uniform) return UNIFORM;
  throw new RangeError(`policies[${i}] has no kind (uniform, softmax or prefer)`);
}

interface RequestWire { id: LongLike; prefix: number[]; seed: number; policy: number; rollouts: number }
interface OutcomeWire { kind: number; id: LongLike; reward: number; path: number[]; dead_end_package: number; rollouts: number; stacks: number; reward_sum: number; dead_ends: number[]; stop: number }

export function createRolloutCodec(): RolloutCodec {
  const r = root();
  const Batch = r.lookupType("maat.v1.RolloutBatch");
  const Result = r.lookupType("maat.v1.RolloutResult");

  return {
    encodeMessage(b) {
      const { policies, index } = policyTable(b.requests);
      return Batch.encode({
        advise_id: b.adviseId, batch_id: safe(b.messageId, "batch_id"), round: uint32(b.batch, "round"), graph_hash: b.graphHash,
        requests: b.requests.map((q, i) => {
          const wire = { id: safe(q.id, `requests[${i}].id`), prefix: q.prefix, seed: q.seed >>> 0, policy: index[i] };
          // k = 1 is not written (the field absent reads 0: one rollout), so such a message is as before.
          return q.rollouts === undefined || q.rollouts === 1 ? wire : { ...wire, rollouts: uint32(q.rollouts, `requests[${i}].rollouts`) };
        }),
        policies: policies.map(policyMessage),
        ...(b.rulesKey === undefined ? {} : { rules_key: b.rulesKey }),
      }).finish();
    },
    decodeMessage(bytes) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const m = Batch.decode(bytes) as any;
        const policies = (m.policies as PolicyWire[]).map(policyOf);
        const requests = (m.requests as RequestWire[]).map((q, i): RolloutRequest => {
          const policy = policies[q.policy];
          if (policy === undefined) throw new RangeError(`requests[${i}].policy ${q.policy} is not one of the message's ${policies.length} policies`);
          const request: RolloutRequest = { id: fromLong(q.id, `requests[${i}].id`), prefix: Int32Array.from(q.prefix), seed: q.seed, policy };
          return q.rollouts > 1 ? { ...request, rollouts: q.rollouts } : request;
        });
        const value: RolloutMessage = { adviseId: m.advise_id, messageId: fromLong(m.batch_id, "batch_id"), batch: m.round, graphHash: m.graph_hash, requests };
        return { ok: true, value: m.rules_key ? { ...value, rulesKey: m.rules_key as string } : value };
      } catch (e) {
        return { ok: false, error: wireError("invalid-payload", `RolloutBatch: ${(e as Error).message}`) };
      }
    },
    encodeAnswer(x) {
      return Result.encode({
        advise_id: x.adviseId, batch_id: safe(x.messageId, "batch_id"), worker_id: x.workerId, deliveries: uint32(x.deliveries ?? 0, "deliveries"),
        outcomes: x.results.map((result, i) => {
          const o = outcomeOf(result);
          const base = { kind: KINDS.indexOf(o.kind), id: safe(o.id, `results[${i}].id`), reward: o.reward, path: o.path, dead_end_package: o.deadEndPackage };
          const wire = o.stop === undefined ? base : { ...base, stop: uint32(o.stop + 1, `results[${i}].stop + 1`) };
          const leaf = o.leaf;
          return leaf === undefined ? wire : { ...wire, rollouts: uint32(leaf.count, `results[${i}].leaf.count`), stacks: leaf.stacks, reward_sum: leaf.rewardSum, dead_ends: leaf.deadEnds };
        }),
        ...(x.error === undefined ? {} : { error: { code: x.error.code, message: x.error.message } }),
      }).finish();
    },
    decodeAnswer(bytes) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const m = Result.decode(bytes) as any;
        const outcomes = (m.outcomes as OutcomeWire[]).map((o, i): RolloutOutcome => {
          const kind = KINDS[o.kind];
          if (kind === undefined) throw new RangeError(`outcomes[${i}].kind ${o.kind} is not stack, dead_end or invalid`);
          const plain: RolloutOutcome = { kind, id: fromLong(o.id, `outcomes[${i}].id`), reward: o.reward, path: Int32Array.from(o.path), deadEndPackage: o.dead_end_package };
          const outcome: RolloutOutcome = o.stop > 0 ? { ...plain, stop: o.stop - 1 } : plain;
          if (o.rollouts === 0) return outcome;
          return { ...outcome, leaf: { count: o.rollouts, stacks: o.stacks, rewardSum: o.reward_sum, deadEnds: Int32Array.from(o.dead_ends) } };
        });
        const value: DecodedAnswer = {
          adviseId: m.advise_id, messageId: fromLong(m.batch_id, "batch_id"), workerId: m.worker_id, outcomes, deliveries: m.deliveries,
          ...(m.error ? { error: failureFrom({ code: m.error.code as string, message: m.error.message as string }) } : {}),
        };
        return { ok: true, value };
      } catch (e) {
        return { ok: false, error: wireError("invalid-payload", `RolloutResult: ${(e as Error).message}`) };
      }
    },
  };
}
