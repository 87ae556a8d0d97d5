import { describe, expect, it } from "vitest";
import { buildGraph } from "../graph/build.js";
import { packageByName } from "../graph/compiled-graph.js";
import type { Incompatibility } from "./incompatibility.js";
import { solverGraphOf } from "./solver-graph.js";
import { createPartialSolution } from "./partial-solution.js";

/** a has 3 versions (index 0 = 3.0, newest), b has 40 (two words of bits). */
const graph = buildGraph({
  root: [{ target: "a", allowed: ["3.0", "2.0", "1.0"], spec: "a" }],
  packages: [
    { name: "a", versions: ["3.0", "2.0", "1.0"].map((version) => ({ version, deps: [] })) },
    { name: "b", versions: Array.from({ length: 40 }, (_, i) => ({ version: `${40 - i}.0`, deps: [] })) },
  ],
});
const a = packageByName(graph, "a");
const b = packageByName(graph, "b");
const cause: Incompatibility = { id: 0, terms: [], cause: { kind: "root" } };
const bits = (...indices: number[]) => {
  const w = new Uint32Array(2);
  for (const i of indices) w[i >>> 5] |= 1 << (i & 31);
  return w;
};
/** The versions p's accumulated term allows: its set when positive, none when negative (Neg(S) allows anything outside S). */
const allowed = (ps: ReturnType<typeof createPartialSolution>, p: number, n: number) =>
  Array.from({ length: n }, (_, i) => i).filter((i) => ps.accPos[p] === 1 && (ps.acc[ps.accOff[p] + (i >>> 5)] & (1 << (i & 31))) !== 0);

describe("PartialSolution", () => {
  it("accumulates the terms of a package's assignments and logs them with level and cause", () => {
    const ps = createPartialSolution(solverGraphOf(graph));
    expect(ps.accPos[b]).toBe(0);
    ps.derive(b, false, bits(0, 1), 0, cause);
    expect(ps.accPos[b]).toBe(0);
    ps.derive(b, true, bits(1, 2, 35), 0, cause);
    expect(allowed(ps, b, 40)).toEqual([2, 35]);
    ps.decide(a, 1);
    expect(ps.level()).toBe(1);
    expect(ps.decided[a]).toBe(1);
    expect(allowed(ps, a, 3)).toEqual([1]);
    const log = ps.log();
    expect(log.count).toBe(3);
    expect([...log.pkg.slice(0, 3)]).toEqual([b, b, a]);
    expect([...log.level.slice(0, 3)]).toEqual([0, 0, 1]);
    expect(log.cause.slice(0, 3)).toEqual([cause, cause, null]);
    expect([...log.positive.slice(0, 3)]).toEqual([0, 1, 1]);
  });

  it("backtracks to a level: later assignments undone, the touched packages' terms replayed", () => {
    const ps = createPartialSolution(solverGraphOf(graph));
    ps.derive(b, true, bits(3, 4, 5, 39), 0, cause);
    ps.decide(a, 0);
    ps.derive(b, false, bits(4), 0, cause);
    ps.decide(b, 39);
    expect(allowed(ps, b, 40)).toEqual([39]);
    ps.backtrack(1);
    expect(ps.level()).toBe(1);
    expect(ps.decided[b]).toBe(-1);
    expect(ps.decided[a]).toBe(0);
    expect(allowed(ps, b, 40)).toEqual([3, 5, 39]);
    ps.backtrack(0);
    expect(ps.decided[a]).toBe(-1);
    expect(ps.accPos[a]).toBe(0);
    expect(allowed(ps, b, 40)).toEqual([3, 4, 5, 39]);
    expect(ps.log().count).toBe(1);
  });

  it("grows its log past the first 256 assignments", () => {
    const ps = createPartialSolution(solverGraphOf(graph));
    for (let i = 0; i < 1000; i++) ps.derive(b, true, bits(0, 1, 2, 39), 0, cause);
    expect(ps.log().count).toBe(1000);
    expect(allowed(ps, b, 40)).toEqual([0, 1, 2, 39]);
  });
});
