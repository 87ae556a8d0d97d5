import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildGraph } from "../../core/graph/index.js";
import { createTd } from "../../core/predictor/index.js";
import { randomUniverse } from "../../core/resolver/index.js";
import { mulberry32 } from "../../core/random/index.js";
import { type RolloutPolicy, type RolloutRequest, type RolloutResult, UNIFORM, createInProcessRunner, resultFromOutcome } from "../../core/rollout/index.js";
import { messageHeaderSize, outcomeSizeBound, policySize, requestSize } from "./encoded-size.js";
import { createRolloutCodec } from "./rollout-codec.js";

const codec = createRolloutCodec();

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const policyArb: fc.Arbitrary<RolloutPolicy> = fc.oneof(
  fc.constant(UNIFORM),
  fc.record({ kind: fc.constant("softmax" as const), values: fc.float64Array({ maxLength: 40, noDefaultInfinity: false }), temperature: fc.double() }),
  fc.record({ kind: fc.constant("prefer" as const), versions: fc.int32Array({ maxLength: 40 }) }),
);

/** Requests drawing their policies from a small pool, so several share one object. */
const requestsArb = fc.array(policyArb, { minLength: 1, maxLength: 4 }).chain((pool) =>
  fc.array(fc.record({
    id: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
    prefix: fc.array(int32, { maxLength: 12 }).map((xs) => Int32Array.from(xs)),
    seed: fc.nat({ max: 0xffffffff }),
    policy: fc.constantFrom(...pool),
  }), { maxLength: 30 }));

describe("rollout codec", () => {
  it("round-trips batches of core requests (every policy kind, negative prefixes, ids up to 2^53 - 1), with exact encoded sizes", () => {
    fc.assert(fc.property(requestsArb, fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.nat({ max: 0xffffffff }), (requests, messageId, batchNumber) => {
      const message = { adviseId: "a-1", messageId, batch: batchNumber, graphHash: "0123456789abcdef", requests };
      const bytes = codec.encodeMessage(message);
      const decoded = codec.decodeMessage(bytes);
      expect(decoded).toEqual({ ok: true, value: message });
      // Exact size: header + each request + each distinct policy once.
      const seen = new Map<unknown, number>();
      let size = messageHeaderSize(message);
      for (const q of requests) {
        const key = q.policy.kind === "uniform" ? "uniform" : q.policy;
        if (!seen.has(key)) { seen.set(key, seen.size); size += policySize(q.policy); }
        size += requestSize(q, seen.get(key) as number);
      }
      expect(bytes.length).toBe(size);
    }), { numRuns: 200, seed: 3 });
  });

  it("sends a policy shared by requests once, and decodes it as one object shared again", () => {
    const g = buildGraph(randomUniverse(4, { packages: 30, versions: 8, edgeProbability: 0.2, maskDensity: 0.6, exclusionProbability: 0, extras: 0, rootRequirements: 3 }));
    const td = createTd(g, { seed: 1 });
    const requests = td.planBatch(64);
    expect(new Set(requests.map((q) => q.policy)).size).toBe(1);
    const one = codec.encodeMessage({ adviseId: "a", messageId: 0, batch: 0, graphHash: g.hash, requests: requests.slice(0, 1) }).length;
    const all = codec.encodeMessage({ adviseId: "a", messageId: 0, batch: 0, graphHash: g.hash, requests }).length;
    // 63 more requests cost their ids and seeds, not 63 more copies of the values.
    expect(all - one).toBeLessThan(63 * 16);
    expect(one).toBeGreaterThan(8 * g.candidateCount);
    const decoded = codec.decodeMessage(codec.encodeMessage({ adviseId: "a", messageId: 0, batch: 0, graphHash: g.hash, requests: [...requests, { ...requests[0], policy: UNIFORM }, { ...requests[1], policy: { kind: "uniform" } }] }));
    if (!decoded.ok) throw new Error(decoded.error.message);
    const policies = new Set(decoded.value.requests.map((q) => q.policy));
    expect(policies.size).toBe(2);
    expect(policies.has(UNIFORM)).toBe(true);
  });

  it("round-trips core results through outcomes: resultFromOutcome with the graph gives the in-process runner's results back", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1 << 30 }), (seed) => {
      const g = buildGraph(randomUniverse(seed, { packages: 10, versions: 5, edgeProbability: 0.3, maskDensity: 0.5, exclusionProbability: 0.1, extras: 2, rootRequirements: 3, cycles: seed % 2 === 0 }));
      const rnd = mulberry32(seed);
      const versions = Int32Array.from({ length: g.packageCount }, () => Math.floor(rnd() * 4) - 1);
      const requests: RolloutRequest[] = Array.from({ length: 40 }, (_, i) => ({
        id: 1000 + i, seed: (seed * 31 + i) >>> 0,
        prefix: i % 7 === 6 ? Int32Array.of(g.packageCount - 1, 0) : new Int32Array(0),
        policy: i % 3 === 0 ? UNIFORM : i % 3 === 1 ? { kind: "softmax", values: g.score, temperature: 0.3 } : { kind: "prefer", versions },
      }));
      const results = createInProcessRunner(g).runSync(requests);
      const message = { adviseId: "a", messageId: 7, workerId: "w", results, deliveries: 2 };
      const decoded = codec.decodeAnswer(codec.encodeAnswer(message));
      if (!decoded.ok) throw new Error(decoded.error.message);
      expect(decoded.value).toMatchObject({ adviseId: "a", messageId: 7, workerId: "w", deliveries: 2 });
      expect(decoded.value.error).toBeUndefined();
      expect(decoded.value.outcomes.map((o) => resultFromOutcome(g, o))).toEqual(results);
      expect(new Set(results.map((r) => r.kind)).has("invalid")).toBe(true);
    }), { numRuns: 40, seed: 9 });
  });

  it("bounds an outcome's encoded size by outcomeSizeBound(graph)", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1 << 30 }), (seed) => {
      const g = buildGraph(randomUniverse(seed, { packages: 30, versions: 6, edgeProbability: 0.3, maskDensity: 0.8, exclusionProbability: 0, extras: 3, rootRequirements: 8, nonEmptyMasks: true }));
      const requests = Array.from({ length: 30 }, (_, i): RolloutRequest => ({ id: Number.MAX_SAFE_INTEGER - i, prefix: new Int32Array(0), seed: seed + i, policy: UNIFORM }));
      const empty = codec.encodeAnswer({ adviseId: "a", messageId: 1, workerId: "w", results: [] }).length;
      for (const r of createInProcessRunner(g).runSync(requests)) {
        expect(codec.encodeAnswer({ adviseId: "a", messageId: 1, workerId: "w", results: [r] }).length - empty).toBeLessThanOrEqual(outcomeSizeBound(g));
      }
    }), { numRuns: 30, seed: 4 });
    // The worst case itself: every package pinned, the largest ids.
    const g = { packageCount: 300, candidateCount: 20_000 };
    const worst: RolloutResult = { kind: "dead-end", id: Number.MAX_SAFE_INTEGER, reward: -1, package: 2 ** 31 - 1, depth: 300, path: new Int32Array(300).fill(19_999) };
    const empty = codec.encodeAnswer({ adviseId: "a", messageId: 1, workerId: "w", results: [] }).length;
    expect(codec.encodeAnswer({ adviseId: "a", messageId: 1, workerId: "w", results: [worst] }).length - empty).toBe(outcomeSizeBound(g));
  });

  it("round-trips a failed batch's error", () => {
    const decoded = codec.decodeAnswer(codec.encodeAnswer({ adviseId: "a", messageId: 9, workerId: "w1", results: [], error: { code: "rollout-failed", message: "boom" } }));
    expect(decoded).toEqual({ ok: true, value: { adviseId: "a", messageId: 9, workerId: "w1", outcomes: [], deliveries: 0, error: { code: "rollout-failed", message: "boom" } } });
  });

  it("refuses unsafe integers on encode, naming the field, and reports garbage as invalid-payload on decode", () => {
    expect(() => codec.encodeMessage({ adviseId: "a", messageId: 2 ** 53, batch: 0, graphHash: "", requests: [] })).toThrow(/batch_id/);
    expect(() => codec.encodeMessage({ adviseId: "a", messageId: 0, batch: 0, graphHash: "", requests: [{ id: -1, prefix: new Int32Array(0), seed: 0, policy: UNIFORM }] }))
      .toThrow(/requests\[0\]\.id/);
    const bad = codec.decodeMessage(Uint8Array.of(0x0a, 0xff, 0xff));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.code).toBe("invalid-payload");
    // A request naming a policy the batch does not carry.
    const orphan = codec.encodeMessage({ adviseId: "a", messageId: 0, batch: 0, graphHash: "", requests: [{ id: 1, prefix: new Int32Array(0), seed: 0, policy: UNIFORM }] });
    const cut = orphan.slice(0, orphan.length - 4); // drops the one policy (4 bytes, last)
    const decoded = codec.decodeMessage(cut);
    expect(!decoded.ok && decoded.error.message).toMatch(/requests\[0\]\.policy 0 is not one of the message's 0 policies/);
  });
});
