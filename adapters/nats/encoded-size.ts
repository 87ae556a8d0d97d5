/**
 * Encoded sizes of the parts of a RolloutBatch (proto/maat/v1/rollout.proto), computed without
 * encoding, exactly as the codec writes them (every scalar field present, packed repeated fields
 * only when non-empty). splitIntoMessages packs requests by these sizes; the codec's tests check
 * them against real encodings.
 */
import type { RolloutPolicy, RolloutRequest } from "../../core/rollout/index.js";

/** Bytes of a non-negative integer (up to 2^53) as a varint. */
export function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) { n = Math.floor(n / 128); size++; }
  return size;
}

/** An int32 field: negative values take ten bytes. */
function int32Size(n: number): number {
  return n < 0 ? 10 : varintSize(n);
}

function sint32Size(n: number): number {
  return varintSize(((n << 1) ^ (n >> 31)) >>> 0);
}

/** A length-delimited field of `length` bytes: tag, length, bytes. */
function delimited(length: number): number {
  return 1 + varintSize(length) + length;
}

function packed(values: ArrayLike<number>, each: (x: number) => number): number {
  if (values.length === 0) return 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) n += each(values[i]);
  return delimited(n);
}

/** One request inside a batch (its field tag and length included) when its policy has index `policyIndex`. */
export function requestSize(request: RolloutRequest, policyIndex: number): number {
  const k = request.rollouts ?? 1;
  const body = 1 + varintSize(request.id) + packed(request.prefix, int32Size) + 1 + varintSize(request.seed >>> 0) + 1 + varintSize(policyIndex) + (k > 1 ? 1 + varintSize(k) : 0);
  return delimited(body);
}

/** One policy inside a batch (its field tag and length included). */
export function policySize(policy: RolloutPolicy): number {
  let inner: number;
  if (policy.kind === "uniform") inner = 0;
  else if (policy.kind === "softmax") inner = (policy.values.length === 0 ? 0 : delimited(8 * policy.values.length)) + 1 + 8;
  else inner = packed(policy.versions, sint32Size);
  return delimited(delimited(inner));
}

function stringSize(text: string): number {
  return delimited(new TextEncoder().encode(text).length);
}

/** The batch's own fields (everything but requests and policies). */
export function messageHeaderSize(header: { readonly adviseId: string; readonly messageId: number; readonly batch: number; readonly graphHash: string }): number {
  return stringSize(header.adviseId) + 1 + varintSize(header.messageId) + 1 + varintSize(header.batch) + stringSize(header.graphHash);
}

/**
 * At most the bytes one outcome takes inside a RolloutResult on `graph`: its path pins each
 * package at most once, every candidate id in at most varintSize(candidateCount) bytes. With
 * `rollouts` k > 1 (leaf parallelism) the aggregate too: k, stacks, reward sum, up to k dead-end packages.
 */
export function outcomeSizeBound(graph: { readonly packageCount: number; readonly candidateCount: number }, rollouts = 1): number {
  const path = graph.packageCount * varintSize(Math.max(0, graph.candidateCount - 1));
  // kind, id (up to 2^53: 8 bytes), reward, path, dead-end package (a non-negative int32: 5 bytes)
  let body = 2 + 1 + 8 + 9 + delimited(path) + 1 + 5;
  if (rollouts > 1) body += 2 * (1 + varintSize(rollouts)) + 9 + delimited(rollouts * varintSize(Math.max(0, graph.packageCount - 1)));
  return delimited(body);
}

/** What a RolloutResult may take besides its outcomes: ids, a worker id of up to 256 bytes, the delivery count. */
export const RESULT_HEADER_ALLOWANCE = 1_024;
