import { describe, expect, it } from "vitest";
import { type RolloutPolicy, type RolloutRequest, UNIFORM } from "../../core/rollout/index.js";
import { MAX_PAYLOAD_BYTES, splitIntoMessages } from "./payload-limit.js";
import { createRolloutCodec } from "./rollout-codec.js";

const codec = createRolloutCodec();

describe("splitIntoMessages", () => {
  it("splits by count and by size, each part under the limit, a shared policy counted in every part it appears in", () => {
    const values = new Float64Array(10_000).map((_, i) => i / 7);
    const softmax: RolloutPolicy = { kind: "softmax", values, temperature: 1 };
    const requests: RolloutRequest[] = Array.from({ length: 600 }, (_, i) => ({
      id: i, prefix: new Int32Array(i % 2 === 0 ? 1000 : 2).fill(1000 + i), seed: i, policy: i % 5 === 0 ? UNIFORM : softmax,
    }));
    const first = { adviseId: "a", messageId: 10, batch: 1, graphHash: "h" };
    const split = splitIntoMessages(first, requests);
    if (!split.ok) throw new Error(split.message);
    expect(split.messages.length).toBeGreaterThan(2);
    expect(split.messages.map((b) => b.messageId)).toEqual(split.messages.map((_, i) => 10 + i));
    expect(split.nextMessageId).toBe(10 + split.messages.length);
    split.messages.forEach((b, i) => {
      const bytes = codec.encodeMessage(b);
      expect(bytes.length).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
      if (i < split.messages.length - 1) expect(bytes.length).toBeGreaterThan(MAX_PAYLOAD_BYTES * 0.95); // packed, except the last
      const decoded = codec.decodeMessage(bytes);
      expect(decoded.ok && decoded.value.requests.some((q) => q.policy.kind === "softmax")).toBe(true); // the values travel with every part
    });
    expect(split.messages.flatMap((b) => b.requests)).toEqual(requests);

    const byCount = splitIntoMessages(first, requests.filter((q) => q.policy === UNIFORM), { maxRequests: 16 });
    if (!byCount.ok) throw new Error(byCount.message);
    expect(byCount.messages.map((b) => b.requests.length)).toEqual([16, 16, 16, 16, 16, 16, 16, 8]);
    expect(splitIntoMessages(first, [])).toMatchObject({ ok: true, messages: [{ messageId: 10, requests: [] }], nextMessageId: 11 });

    const huge = splitIntoMessages(first, [requests[0], { id: 5, prefix: new Int32Array(200_000).fill(300), seed: 0, policy: UNIFORM }]);
    expect(huge).toMatchObject({ ok: false, requestIndex: 1 });
    expect(!huge.ok && huge.message).toMatch(/request 5 \(index 1\) with its uniform policy encodes to \d+ bytes, over the 262144-byte message limit/);
  });

  it("keeps each distinct policy once per message and counts it in every message it appears in", () => {
    const prefer: RolloutPolicy = { kind: "prefer", versions: new Int32Array(20_000).fill(3) };
    const requests: RolloutRequest[] = Array.from({ length: 4 }, (_, i) => ({ id: i, prefix: new Int32Array(0), seed: i, policy: prefer }));
    const first = { adviseId: "a", messageId: 0, batch: 0, graphHash: "h" };
    const one = splitIntoMessages(first, requests);
    expect(one.ok && one.messages.length).toBe(1);
    const bytes = one.ok ? codec.encodeMessage(one.messages[0]).length : 0;
    // A limit just under the encoded size splits the message; each part still carries the policy.
    const two = splitIntoMessages(first, requests, { maxBytes: bytes - 1 });
    if (!two.ok) throw new Error(two.message);
    expect(two.messages.length).toBe(2);
    for (const b of two.messages) expect(codec.encodeMessage(b).length).toBeLessThanOrEqual(bytes - 1);
  });
});

describe("splitIntoMessages with leaf rollouts", () => {
  it("counts a request for k rollouts as k against maxRollouts, never splitting a request", () => {
    const q = (id: number, rollouts?: number) => ({ id, prefix: new Int32Array(0), seed: id, policy: UNIFORM, ...(rollouts === undefined ? {} : { rollouts }) });
    const split = splitIntoMessages({ adviseId: "a", messageId: 1, batch: 0, graphHash: "h" }, [q(1, 8), q(2), q(3, 8), q(4, 40), q(5)], { maxRollouts: 16 });
    expect(split.ok).toBe(true);
    if (split.ok) expect(split.messages.map((b) => b.requests.map((r) => r.id))).toEqual([[1, 2], [3], [4], [5]]);
  });
});
