import { describe, expect, it } from "vitest";
import { UNIFORM } from "../../core/rollout/index.js";
import { checkBatch, checkEnvelope } from "./batch-check.js";
import { BATCH_PAYLOAD } from "./subjects.js";

const batch = { adviseId: "a1", batchId: 0, round: 0, graphHash: "h", requests: [{ id: 1, prefix: new Int32Array(0), seed: 1, policy: UNIFORM }] };

describe("batch checks before a worker runs a message", () => {
  it("refuses an empty payload and another payload version; accepts this one's and a message without the header", () => {
    expect(checkEnvelope(new Uint8Array(0), undefined)?.reason).toBe("empty");
    expect(checkEnvelope(Uint8Array.of(1), "maat.v2.RolloutBatch")).toEqual({ reason: "version", message: 'payload "maat.v2.RolloutBatch", this worker reads maat.v1.RolloutBatch' });
    expect(checkEnvelope(Uint8Array.of(1), BATCH_PAYLOAD)).toBeNull();
    expect(checkEnvelope(Uint8Array.of(1), undefined)).toBeNull();
  });

  it("refuses a batch whose advise is not its subject's, or with no graph or no requests", () => {
    expect(checkBatch(batch, "maat.batches.a1")).toBeNull();
    expect(checkBatch(batch, "maat.batches.a2")?.message).toMatch(/does not match its subject/);
    expect(checkBatch({ ...batch, adviseId: "" }, "maat.batches.a1")?.message).toMatch(/is not an advise id/);
    expect(checkBatch({ ...batch, graphHash: "" }, "maat.batches.a1")?.message).toMatch(/graph_hash is empty/);
    expect(checkBatch({ ...batch, requests: [] }, "maat.batches.a1")?.reason).toBe("inconsistent");
  });
});
