import { join } from "node:path";
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { findProtoDir } from "./proto-dir.js";
import { installSoftmaxWire } from "./softmax-wire.js";

const load = () => new protobuf.Root().loadSync(join(findProtoDir(), "maat", "v1", "rollout.proto"), { keepCase: true });

describe("softmax values as one block of bytes", () => {
  const plain = load();
  const fast = load();
  installSoftmaxWire(fast.lookupType("maat.v1.Softmax"));
  const values = Float64Array.from({ length: 3189 }, (_, i) => Math.sin(i) * 1e3 - i);
  const batch = {
    advise_id: "a", batch_id: 7, round: 2, graph_hash: "h", requests: [{ id: 1, prefix: [1, -2], seed: 3, policy: 1 }],
    policies: [{ uniform: {} }, { softmax: { values, temperature: 0.25 } }, { softmax: { values: new Float64Array(0), temperature: 0 } }, { prefer: { versions: [-1, 3] } }],
  };

  it("writes exactly protobufjs's bytes, and reads them back into a Float64Array", () => {
    const bytes = fast.lookupType("maat.v1.RolloutBatch").encode(batch).finish();
    expect(Buffer.from(bytes).equals(Buffer.from(plain.lookupType("maat.v1.RolloutBatch").encode(batch).finish()))).toBe(true);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const decoded = fast.lookupType("maat.v1.RolloutBatch").decode(bytes) as any;
    expect(decoded.policies[1].softmax.values).toBeInstanceOf(Float64Array);
    expect(Array.from(decoded.policies[1].softmax.values as Float64Array)).toEqual(Array.from(values));
    expect(decoded.policies[1].softmax.temperature).toBe(0.25);
    expect(Array.from(decoded.policies[2].softmax.values as Float64Array)).toEqual([]);
    expect(decoded.policies[3].prefer.versions).toEqual([-1, 3]);
  });

  it("reads unpacked values and skips unknown fields; refuses a block that is not whole doubles", () => {
    const Softmax = fast.lookupType("maat.v1.Softmax");
    const w = protobuf.Writer.create();
    w.uint32((1 << 3) | 1).double(1.5).uint32((1 << 3) | 1).double(-2).uint32((9 << 3) | 0).uint32(5).uint32((2 << 3) | 1).double(3);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const m = Softmax.decode(w.finish()) as any;
    expect(Array.from(m.values as number[])).toEqual([1.5, -2]);
    expect(m.temperature).toBe(3);
    const bad = protobuf.Writer.create().uint32((1 << 3) | 2).bytes(new Uint8Array(7)).finish();
    expect(() => Softmax.decode(bad)).toThrow(/7 bytes is not a whole number of doubles/);
  });
});
