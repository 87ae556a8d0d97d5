import { describe, expect, it } from "vitest";
import { buildGraph } from "./build.js";
import { Exclusion, maskIndices, versionCount } from "./compiled-graph.js";
import { deserializeGraph, serializeGraph } from "./serialize.js";

const input = {
  root: [{ target: "a", allowed: ["2", "1"], spec: "a" }],
  packages: [
    { name: "a", versions: [
      { version: "2", deps: [{ target: "b", allowed: ["1"], spec: "b<2" }] },
      { version: "1", deps: [] },
    ] },
    { name: "b", versions: [
      { version: "2", deps: [], exclusion: Exclusion.RequiresPython },
      { version: "1", deps: [], score: 0.5, yanked: true },
    ] },
  ],
  meta: { python: "3.8" },
};

describe("compiled graph", () => {
  it("interns packages with the root first and versions newest first", () => {
    const g = buildGraph(input);
    expect(g.names).toEqual(["<root>", "a", "b"]);
    expect(versionCount(g, 1)).toBe(2);
    expect(g.versions[g.versionStart[2]]).toBe("2");
    expect(maskIndices(g, 2, g.domainMask[2])).toEqual([1]);
    const c = g.versionStart[1];
    expect(g.edgeTarget[g.edgeStart[c]]).toBe(2);
    expect(maskIndices(g, 2, g.edgeMask[g.edgeStart[c]])).toEqual([1]);
    expect(g.specs[g.edgeSpec[g.edgeStart[c]]]).toBe("b<2");
  });

  it("round-trips through one ArrayBuffer with an identical hash", () => {
    const g = buildGraph(input);
    const decoded = deserializeGraph(serializeGraph(g), true);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value.hash).toBe(g.hash);
    expect(Array.from(decoded.value.masks)).toEqual(Array.from(g.masks));
    expect(Array.from(decoded.value.score)).toEqual([0, 0, 0, 0, 0.5]);
    expect(decoded.value.names).toEqual(g.names);
    expect(decoded.value.meta).toEqual({ python: "3.8" });
  });

  it("decodes from a SharedArrayBuffer into views on the shared memory", () => {
    const g = buildGraph(input);
    const bytes = new Uint8Array(serializeGraph(g));
    const shared = new SharedArrayBuffer(bytes.byteLength);
    new Uint8Array(shared).set(bytes);
    const decoded = deserializeGraph(shared, true);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value.hash).toBe(g.hash);
    expect(decoded.value.score.buffer).toBe(shared);
    expect(Array.from(decoded.value.score)).toEqual([0, 0, 0, 0, 0.5]);
    expect(decoded.value.names).toEqual(g.names);
  });

  it("gives a different hash to a different graph", () => {
    const other = buildGraph({ ...input, root: [{ target: "a", allowed: ["1"], spec: "a<2" }] });
    expect(other.hash).not.toBe(buildGraph(input).hash);
  });

  it("rejects a damaged buffer", () => {
    const bytes = new Uint8Array(serializeGraph(buildGraph(input)));
    bytes[bytes.length - 3] ^= 0xff;
    const decoded = deserializeGraph(bytes.buffer, true);
    expect(decoded.ok).toBe(false);
    expect(deserializeGraph(new ArrayBuffer(8)).ok).toBe(false);
  });
});
