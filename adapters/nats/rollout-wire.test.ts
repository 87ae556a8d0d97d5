/**
 * The hand-written codec held to proto/maat/v1/rollout.proto through protobufjs reflection: it
 * writes exactly the bytes reflection writes, and reads what reflection writes, also with
 * repeated fields unpacked and with fields it does not know.
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { type RolloutPolicy, type RolloutRequest, type RolloutResult, UNIFORM } from "../../core/rollout/index.js";
import { findProtoDir } from "./proto-dir.js";
import { createRolloutCodec } from "./rollout-codec.js";

const codec = createRolloutCodec();
const protoText = readFileSync(join(findProtoDir(), "maat", "v1", "rollout.proto"), "utf8");
// resolveAll: protobufjs settles proto3's packed default (features) only then.
const schema = protobuf.parse(protoText, { keepCase: true }).root.resolveAll();
/** The same messages with every repeated scalar unpacked and an extra field 99 in each. */
const variant = protobuf.parse(protoText
  .replace(/repeated (int32|sint32|double) (\w+) = (\d+);/g, "repeated $1 $2 = $3 [packed = false];")
  .replace(/^(message \w+ \{)$/gm, "$1\n  string extra = 99;"), { keepCase: true }).root.resolveAll();

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const policyArb: fc.Arbitrary<RolloutPolicy> = fc.oneof(
  fc.constant(UNIFORM),
  fc.record({ kind: fc.constant("softmax" as const), values: fc.float64Array({ maxLength: 20 }), temperature: fc.double() }),
  fc.record({ kind: fc.constant("prefer" as const), versions: fc.int32Array({ maxLength: 20 }) }),
);
const requestsArb = fc.array(policyArb, { minLength: 1, maxLength: 3 }).chain((pool) => fc.array(fc.record({
  id: fc.nat({ max: Number.MAX_SAFE_INTEGER }), prefix: fc.int32Array({ maxLength: 10 }), seed: fc.nat({ max: 0xffffffff }), policy: fc.constantFrom(...pool),
}), { maxLength: 12 }));
const resultArb: fc.Arbitrary<RolloutResult> = fc.record({
  id: fc.nat({ max: Number.MAX_SAFE_INTEGER }), reward: fc.double(), path: fc.int32Array({ maxLength: 12 }), kind: fc.constantFrom("stack", "dead-end", "invalid"), p: int32,
}).map(({ id, reward, path, kind, p }): RolloutResult => (kind === "stack" ? { kind, id, reward, path, pins: new Int32Array(0) }
  : kind === "dead-end" ? { kind, id, reward, path, package: p, depth: path.length } : { kind, id, reward, path }));

/** The batch as reflection's plain object (policies in first-use order, uniform once). */
function plainBatch(b: { adviseId: string; batchId: number; round: number; graphHash: string; requests: readonly RolloutRequest[] }, extra?: string) {
  const policies: RolloutPolicy[] = [];
  const index = (p: RolloutPolicy) => {
    let i = policies.findIndex((q) => q === p || (q.kind === "uniform" && p.kind === "uniform"));
    if (i < 0) { i = policies.length; policies.push(p); }
    return i;
  };
  const requests = b.requests.map((q) => ({ id: q.id, prefix: Array.from(q.prefix), seed: q.seed, policy: index(q.policy), ...(extra ? { extra } : {}) }));
  return {
    advise_id: b.adviseId, batch_id: b.batchId, round: b.round, graph_hash: b.graphHash, requests, ...(extra ? { extra } : {}),
    policies: policies.map((p) => p.kind === "uniform" ? { uniform: {} }
      : p.kind === "softmax" ? { softmax: { values: Array.from(p.values), temperature: p.temperature } } : { prefer: { versions: Array.from(p.versions) } }),
  };
}

function plainResult(x: { adviseId: string; batchId: number; workerId: string; results: readonly RolloutResult[]; deliveries: number; error?: { code: string; message: string } }, extra?: string) {
  return {
    advise_id: x.adviseId, batch_id: x.batchId, worker_id: x.workerId, ...(extra ? { extra } : {}),
    outcomes: x.results.map((r) => ({ kind: ["stack", "dead-end", "invalid"].indexOf(r.kind), id: r.id, reward: r.reward, path: Array.from(r.path),
      dead_end_package: r.kind === "dead-end" ? r.package : 0, ...(extra ? { extra } : {}) })),
    ...(x.error ? { error: x.error } : {}),
    deliveries: x.deliveries,
  };
}

describe("hand-written rollout codec against the .proto", () => {
  it("writes batches byte for byte as protobufjs reflection does, and reads them back from unpacked encodings with unknown fields", () => {
    const Batch = schema.lookupType("maat.v1.RolloutBatch");
    const Unpacked = variant.lookupType("maat.v1.RolloutBatch");
    const sample = { requests: [{ id: 1, prefix: [1, 2] }] };
    expect(Buffer.from(Unpacked.encode(sample).finish()).equals(Buffer.from(Batch.encode(sample).finish()))).toBe(false); // the variant does not pack
    fc.assert(fc.property(requestsArb, fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.nat({ max: 0xffffffff }), (requests, batchId, round) => {
      const batch = { adviseId: "adv", batchId, round, graphHash: "0123456789abcdef", requests };
      expect(Buffer.from(codec.encodeBatch(batch)).equals(Buffer.from(Batch.encode(plainBatch(batch)).finish()))).toBe(true);
      const decoded = codec.decodeBatch(Unpacked.encode(plainBatch(batch, "ignored")).finish());
      expect(decoded).toEqual({ ok: true, value: batch });
    }), { numRuns: 150, seed: 21 });
  });

  it("writes results byte for byte as protobufjs reflection does, and reads them back from unpacked encodings with unknown fields", () => {
    const Result = schema.lookupType("maat.v1.RolloutResult");
    const Unpacked = variant.lookupType("maat.v1.RolloutResult");
    const errorArb = fc.option(fc.record({ code: fc.string(), message: fc.string() }), { nil: undefined });
    fc.assert(fc.property(fc.array(resultArb, { maxLength: 12 }), fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.nat({ max: 0xffffffff }), errorArb, (results, batchId, deliveries, error) => {
      const message = { adviseId: "adv", batchId, workerId: "w-1", results, deliveries, ...(error ? { error } : {}) };
      expect(Buffer.from(codec.encodeResult(message)).equals(Buffer.from(Result.encode(plainResult(message)).finish()))).toBe(true);
      const decoded = codec.decodeResult(Unpacked.encode(plainResult(message, "ignored")).finish());
      expect(decoded).toEqual({ ok: true, value: {
        adviseId: "adv", batchId, workerId: "w-1", deliveries, ...(error ? { error } : {}),
        outcomes: results.map((r) => ({ kind: r.kind, id: r.id, reward: r.reward, path: r.path, deadEndPackage: r.kind === "dead-end" ? r.package : 0 })),
      } });
    }), { numRuns: 150, seed: 22 });
  });

  it("names the element and field of a malformed message", () => {
    const Batch = schema.lookupType("maat.v1.RolloutBatch");
    const tooBig = Batch.encode({ requests: [{ id: 1 }, { id: 2 ** 53 + 2 }], policies: [{ uniform: {} }] }).finish();
    expect(codec.decodeBatch(tooBig)).toMatchObject({ ok: false, error: { code: "invalid-payload", message: expect.stringMatching(/^RolloutBatch: requests\[1\]\.id 9007199254740994 exceeds 2\^53 - 1/) } });
    const noKind = Batch.encode({ requests: [{ id: 1 }], policies: [{}] }).finish();
    expect(codec.decodeBatch(noKind)).toMatchObject({ ok: false, error: { message: "RolloutBatch: policies[0] has no kind (uniform, softmax or prefer)" } });
    const Result = schema.lookupType("maat.v1.RolloutResult");
    const badKind = Result.encode({ outcomes: [{ kind: 0 }, { kind: 7 }] }).finish();
    expect(codec.decodeResult(badKind)).toMatchObject({ ok: false, error: { message: "RolloutResult: outcomes[1].kind 7 is not stack, dead_end or invalid" } });
    const truncated = codec.encodeResult({ adviseId: "a", batchId: 1, workerId: "w", results: [{ kind: "invalid", id: 3, reward: 0, path: Int32Array.of(1, 2, 3) }] });
    expect(codec.decodeResult(truncated.subarray(0, truncated.length - 6))).toMatchObject({ ok: false, error: { code: "invalid-payload" } });
  });
});
