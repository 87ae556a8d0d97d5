import { describe, expect, it } from "vitest";
import { createDuplicateFilter } from "./duplicate-results.js";
import { MAX_PAYLOAD_BYTES, splitIntoBatches } from "./payload-limit.js";
import { createRolloutCodec, type RolloutRequestMessage } from "./rollout-codec.js";
import { batchSubject, isAdviseId, resultSubject } from "./subjects.js";

const codec = createRolloutCodec();

describe("rollout codec", () => {
  it("round-trips a batch, uint64 seeds up to 2^53 - 1 included", () => {
    const batch = { adviseId: "a-1", batchId: 2 ** 40 + 3, round: 7, graphHash: "sha256-abc", seed: Number.MAX_SAFE_INTEGER,
      requests: [{ pins: Uint32Array.of(0, 3, 5, 1), seed: 42 }, { pins: Uint32Array.of(), seed: 0 }] };
    const decoded = codec.decodeBatch(codec.encodeBatch(batch));
    expect(decoded).toEqual({ ok: true, value: batch });
  });

  it("round-trips a result with negative pins, dead ends and an error", () => {
    const result = { adviseId: "a-1", batchId: 9, workerId: "w1",
      outcomes: [{ reward: 1.25, pins: Int32Array.of(2, -1, 0), deadEnd: false, deadEndPackage: 0 },
        { reward: -1e6, pins: Int32Array.of(), deadEnd: true, deadEndPackage: 4 }],
      error: { code: "internal", message: "boom" } };
    expect(codec.decodeResult(codec.encodeResult(result))).toEqual({ ok: true, value: result });
    const { error: _e, ...noError } = result;
    expect(codec.decodeResult(codec.encodeResult(noError))).toEqual({ ok: true, value: noError });
  });

  it("refuses unsafe integers on encode and reports garbage as invalid-payload on decode", () => {
    expect(() => codec.encodeBatch({ adviseId: "a", batchId: 2 ** 53, round: 0, graphHash: "", seed: 0, requests: [] })).toThrow(RangeError);
    const bad = codec.decodeBatch(Uint8Array.of(0x0a, 0xff, 0xff));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.code).toBe("invalid-payload");
  });

  it("splits a batch too large for one message into consecutive batches under the limit", () => {
    const requests: RolloutRequestMessage[] = Array.from({ length: 300 }, (_, i) => ({ pins: new Uint32Array(1000).fill(1000 + i), seed: i }));
    const split = splitIntoBatches(codec, { adviseId: "a", batchId: 10, round: 1, graphHash: "h", seed: 5 }, requests);
    expect(split.ok).toBe(true);
    if (!split.ok) return;
    expect(split.batches.length).toBeGreaterThan(1);
    expect(split.batches.map((b) => b.batchId)).toEqual(split.batches.map((_, i) => 10 + i));
    expect(split.nextBatchId).toBe(10 + split.batches.length);
    for (const b of split.batches) expect(codec.encodeBatch(b).length).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(split.batches.flatMap((b) => b.requests.map((q) => q.seed))).toEqual(requests.map((q) => q.seed));
    const huge = splitIntoBatches(codec, { adviseId: "a", batchId: 0, round: 0, graphHash: "h", seed: 0 }, [{ pins: new Uint32Array(200_000).fill(300), seed: 0 }]);
    expect(huge).toMatchObject({ ok: false, requestIndex: 0 });
  });
});

describe("subjects and duplicates", () => {
  it("accepts one-token advise ids only", () => {
    expect(batchSubject("abc_1-2")).toBe("maat.batches.abc_1-2");
    expect(resultSubject("x")).toBe("maat.results.x");
    for (const bad of ["", "a.b", "a*", "a>", "a b"]) expect(isAdviseId(bad)).toBe(false);
    expect(() => batchSubject("a.b")).toThrow(RangeError);
  });

  it("sees each batch id once per advise", () => {
    const f = createDuplicateFilter();
    expect(f.firstTime("a", 1)).toBe(true);
    expect(f.firstTime("a", 1)).toBe(false);
    expect(f.firstTime("b", 1)).toBe(true);
    expect(f.duplicates("a")).toBe(1);
    f.forget("a");
    expect(f.firstTime("a", 1)).toBe(true);
  });
});
