import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildGraph } from "../graph/build.js";
import type { CompiledGraph } from "../graph/compiled-graph.js";
import { randomUniverse } from "../resolver/random-universe.js";
import { countStacks } from "./count-stacks.js";
import { forEachStack } from "./enumerate-stacks.js";

const bruteForceCount = (g: CompiledGraph) => forEachStack(g, () => true);

const shape = fc.record({
  seed: fc.integer({ min: 0, max: 1 << 30 }),
  packages: fc.integer({ min: 1, max: 9 }),
  versions: fc.integer({ min: 1, max: 5 }),
  edgeProbability: fc.double({ min: 0, max: 0.6, noNaN: true }),
  maskDensity: fc.double({ min: 0.2, max: 1, noNaN: true }),
  extras: fc.integer({ min: 0, max: 2 }),
  rootRequirements: fc.integer({ min: 1, max: 4 }),
  cycles: fc.boolean(),
});

describe("countStacks", () => {
  it("equals brute-force enumeration on random universes (cycles and extras included)", () => {
    fc.assert(
      fc.property(shape, (o) => {
        const g = buildGraph(randomUniverse(o.seed, { ...o, exclusionProbability: 0.1 }));
        const r = countStacks(g);
        expect(r.status).toBe("exact");
        if (r.status === "exact") expect(r.text).toBe(String(bruteForceCount(g)));
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it("multiplies independent components: 3 × 4 × 5 stacks", () => {
    const pkg = (name: string, n: number) => ({ name, versions: Array.from({ length: n }, (_, i) => ({ version: `${n - i}.0`, deps: [] })) });
    const all = (name: string, n: number) => ({ target: name, allowed: Array.from({ length: n }, (_, i) => `${n - i}.0`), spec: name });
    const g = buildGraph({ root: [all("a", 3), all("b", 4), all("c", 5)], packages: [pkg("a", 3), pkg("b", 4), pkg("c", 5)] });
    const r = countStacks(g);
    expect(r.status === "exact" && r.text).toBe("60");
    expect(r.stats.splits).toBeGreaterThan(0);
  });

  it("stops at the node limit", () => {
    const g = buildGraph(randomUniverse(7, { packages: 12, versions: 6, edgeProbability: 0.3, maskDensity: 0.7, exclusionProbability: 0, extras: 0, rootRequirements: 4, cycles: true }));
    expect(countStacks(g, { maxNodes: 1 }).status).toBe("limit");
  });
});
