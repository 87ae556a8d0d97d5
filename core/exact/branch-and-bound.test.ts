import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forEachStack } from "../count/enumerate-stacks.js";
import { buildGraph } from "../graph/build.js";
import type { CompiledGraph } from "../graph/compiled-graph.js";
import { randomUniverse } from "../resolver/random-universe.js";
import { mulberry32 } from "../random/index.js";
import { branchAndBound, stackScore } from "./branch-and-bound.js";
import { isStack } from "../../test/support/stack-oracle.js";

/** The universe with a random score per candidate, uniform in [-1, 1]. */
function withRandomScores(g: CompiledGraph, seed: number): CompiledGraph {
  const rnd = mulberry32(seed);
  const score = new Float64Array(g.candidateCount);
  for (let c = 0; c < g.candidateCount; c++) score[c] = 2 * rnd() - 1;
  return { ...g, score };
}


const shape = fc.record({
  seed: fc.integer({ min: 0, max: 1 << 30 }),
  packages: fc.integer({ min: 1, max: 9 }),
  versions: fc.integer({ min: 1, max: 5 }),
  edgeProbability: fc.double({ min: 0, max: 0.5, noNaN: true }),
  maskDensity: fc.double({ min: 0.2, max: 1, noNaN: true }),
  extras: fc.integer({ min: 0, max: 2 }),
  rootRequirements: fc.integer({ min: 1, max: 4 }),
  cycles: fc.boolean(),
  k: fc.integer({ min: 1, max: 5 }),
});

describe("branchAndBound", () => {
  it("proves the same top-K scores as brute-force enumeration (random scores in [-1, 1])", () => {
    fc.assert(
      fc.property(shape, (o) => {
        const g = withRandomScores(buildGraph(randomUniverse(o.seed, { ...o, exclusionProbability: 0.1 })), o.seed);
        const all: number[] = [];
        forEachStack(g, (_p, s) => { all.push(s); });
        all.sort((a, b) => b - a);
        const r = branchAndBound(g, { topK: o.k, greedyStart: o.seed % 2 === 0 });
        expect(r.status).toBe("optimal");
        if (r.status !== "optimal") return;
        const want = all.slice(0, o.k);
        expect(r.top.length).toBe(want.length);
        r.top.forEach((s, i) => {
          expect(s.score).toBeCloseTo(want[i], 9);
          expect(isStack(g, s.pins)).toBe(true);
        });
        if (all.length === 0) expect(r.optimum).toBeNull();
        for (const t of r.top) expect(stackScore(g, t.pins)).toBeCloseTo(t.score, 9);
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it("at a node budget returns the incumbent and a proven bound no lower than the optimum", () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 1, max: 30 }), (o, maxNodes) => {
        const g = withRandomScores(buildGraph(randomUniverse(o.seed, { ...o, exclusionProbability: 0.1 })), o.seed);
        let optimum = -Infinity;
        forEachStack(g, (_p, s) => { optimum = Math.max(optimum, s); });
        const r = branchAndBound(g, { maxNodes, greedyStart: o.seed % 2 === 0 });
        if (r.status === "limit") {
          if (optimum > -Infinity) expect(r.upperBound).toBeGreaterThanOrEqual(optimum - 1e-9);
          if (r.incumbent) expect(r.gap).toBeCloseTo(r.upperBound - r.incumbent.score, 12);
        } else {
          expect(r.optimum?.score ?? -Infinity).toBeCloseTo(optimum, 9);
        }
      }),
      { numRuns: 300, seed: 6 },
    );
  });

  it("stops when shouldStop says so, asking every 1,024 nodes, with a proven bound", () => {
    const g = withRandomScores(buildGraph(randomUniverse(3, { packages: 20, versions: 8, edgeProbability: 0.2, maskDensity: 0.6, rootRequirements: 6, exclusionProbability: 0, extras: 0 })), 3);
    const full = branchAndBound(g, { greedyStart: false });
    expect(full.stats.nodes).toBeGreaterThan(2048);
    let asked = 0;
    const r = branchAndBound(g, { greedyStart: false, shouldStop: () => ++asked >= 2 });
    expect(r.status).toBe("limit");
    expect(r.stats.nodes).toBeLessThanOrEqual(1024 + 1);
    if (r.status === "limit" && full.status === "optimal" && full.optimum) expect(r.upperBound).toBeGreaterThanOrEqual(full.optimum.score - 1e-9);
  });
});
