import { describe, expect, it } from "vitest";
import { type RolloutPolicy, type RolloutRequest, UNIFORM } from "../../core/rollout/index.js";
import { MAX_PAYLOAD_BYTES, splitIntoBatches } from "./payload-limit.js";
import { createRolloutCodec } from "./rollout-codec.js";

const codec = createRolloutCodec();

describe("splitIntoBatches", () => {
  it("splits by count and by size, each part under the limit, a shared policy counted in every part it appears in", () => {
    const values = new Float64Array(10_000).map((_, i) => i / 7);
    const softmax: RolloutPolicy = { kind: "softmax", values, temperature: 1 };
    const requests: RolloutRequest[] = Array.from({ length: 600 }, (_, i) => ({
      id: i, prefix: new Int32Array(i % 2 === 0 ? 1000 : 2).fill(1000 + i), seed: i, policy: i % 5 === 0 ? UNIFORM : softmax,
    }));
    const first = { adviseId: "a", batchId: 10, round: 1, graphHash: "h" };
    const split = splitIntoBatches(first, requests);
    if (!split.ok) throw new Error(split.message);
    expect(split.batches.length).toBeGreaterThan(2);
    expect(split.batches.map((b) => b.batchId)).toEqual(split.batches.map((_, i) => 10 + i));
    expect(split.nextBatchId).toBe(10 + split.batches.length);
    split.batches.forEach((b, i) => {
      const bytes = codec.encodeBatch(b);
      expect(bytes.length).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
      if (i < split.batches.length - 1) expect(bytes.length).toBeGreaterThan(MAX_PAYLOAD_BYTES * 0.95); // packed, except the last
      const decoded = codec.decodeBatch(bytes);
      expect(decoded.ok && decoded.value.requests.some((q) => q.policy.kind === "softmax")).toBe(true); // the values travel with every part
    });
    expect(split.batches.flatMap((b) => b.requests)).toEqual(requests);

    const byCount = splitIntoBatches(first, requests.filter((q) => q.policy === UNIFORM), { maxRequests: 16 });
    if (!byCount.ok) throw new Error(byCount.message);
    expect(byCount.batches.map((b) => b.requests.length)).toEqual([16, 16, 16, 16, 16, 16, 16, 8]);
    expect(splitIntoBatches(first, [])).toMatchObject({ ok: true, batches: [{ batchId: 10, requests: [] }], nextBatchId: 11 });

    const huge = splitIntoBatches(first, [requests[0], { id: 5, prefix: new Int32Array(200_000).fill(300), seed: 0, policy: UNIFORM }]);
    expect(huge).toMatchObject({ ok: false, requestIndex: 1 });
    expect(!huge.ok && huge.message).toMatch(/request 5 \(index 1\) with its uniform policy encodes to \d+ bytes, over the 262144-byte message limit/);
  });

  it("keeps each distinct policy once per batch and counts it in every batch it appears in", () => {
    const prefer: RolloutPolicy = { kind: "prefer", versions: new Int32Array(20_000).fill(3) };
    const requests: RolloutRequest[] = Array.from({ length: 4 }, (_, i) => ({ id: i, prefix: new Int32Array(0), seed: i, policy: prefer }));
    const first = { adviseId: "a", batchId: 0, round: 0, graphHash: "h" };
    const one = splitIntoBatches(first, requests);
    expect(one.ok && one.batches.length).toBe(1);
    const bytes = one.ok ? codec.encodeBatch(one.batches[0]).length : 0;
    // A limit just under the encoded size splits the batch; each part still carries the policy.
    const two = splitIntoBatches(first, requests, { maxBytes: bytes - 1 });
    if (!two.ok) throw new Error(two.message);
    expect(two.batches.length).toBe(2);
    for (const b of two.batches) expect(codec.encodeBatch(b).length).toBeLessThanOrEqual(bytes - 1);
  });
});

describe("splitIntoBatches with leaf rollouts", () => {
  it("counts a request for k rollouts as k against maxRollouts, never splitting a request", () => {
    const q = (id: number, rollouts?: number) => ({ id, prefix: new Int32Array(0), seed: id, policy: UNIFORM, ...(rollouts === undefined ? {} : { rollouts }) });
    const split = splitIntoBatches({ adviseId: "a", batchId: 1, round: 0, graphHash: "h" }, [q(1, 8), q(2), q(3, 8), q(4, 40), q(5)], { maxRollouts: 16 });
    expect(split.ok).toBe(true);
    if (split.ok) expect(split.batches.map((b) => b.requests.map((r) => r.id))).toEqual([[1, 2], [3], [4], [5]]);
  });
});
