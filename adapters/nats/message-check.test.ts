import { describe, expect, it } from "vitest";
import { UNIFORM } from "../../core/rollout/index.js";
import { checkEnvelope, checkMessage } from "./message-check.js";
import { BATCH_PAYLOAD } from "./subjects.js";

const message = { adviseId: "a1", messageId: 0, batch: 0, graphHash: "h", requests: [{ id: 1, prefix: new Int32Array(0), seed: 1, policy: UNIFORM }] };

describe("checks before a worker runs a message", () => {
  it("refuses an empty payload and another payload version; accepts this one's and a message without the header", () => {
    expect(checkEnvelope(new Uint8Array(0), undefined)?.reason).toBe("empty");
    expect(checkEnvelope(Uint8Array.of(1), "maat.v2.RolloutBatch")).toEqual({ reason: "version", message: 'payload "maat.v2.RolloutBatch", this worker reads maat.v1.RolloutBatch' });
    expect(checkEnvelope(Uint8Array.of(1), BATCH_PAYLOAD)).toBeNull();
    expect(checkEnvelope(Uint8Array.of(1), undefined)).toBeNull();
  });

  it("refuses a message whose advise is not its subject's, or with no graph or no requests", () => {
    expect(checkMessage(message, "maat.batches.a1")).toBeNull();
    expect(checkMessage(message, "maat.batches.a2")?.message).toMatch(/does not match its subject/);
    expect(checkMessage({ ...message, adviseId: "" }, "maat.batches.a1")?.message).toMatch(/is not an advise id/);
    expect(checkMessage({ ...message, graphHash: "" }, "maat.batches.a1")?.message).toMatch(/graph_hash is empty/);
    expect(checkMessage({ ...message, requests: [] }, "maat.batches.a1")?.reason).toBe("inconsistent");
  });
});
