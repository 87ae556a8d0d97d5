import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forEachStack } from "../count/enumerate-stacks.js";
import { buildGraph } from "../graph/build.js";
import type { CompiledGraph } from "../graph/compiled-graph.js";
import { randomUniverse } from "../resolver/random-universe.js";
import { pigeonhole } from "../resolver/pigeonhole.test-support.js";
import type { StatePredicate } from "../stack-rules/index.js";
import { branchAndBound, stackScore } from "./branch-and-bound.js";
import { allStacks, exactShape, exactUniverse, judgeOracle, randomRules, withRandomScores } from "../../test/support/exact-oracle.js";
import { isStack } from "../../test/support/stack-oracle.js";

const shape = fc.record({ universe: exactShape, k: fc.integer({ min: 1, max: 5 }), greedy: fc.boolean(), tune: fc.integer({ min: 0, max: 2 }) });
const withRules = fc.record({ universe: exactShape, k: fc.integer({ min: 1, max: 4 }), rules: fc.integer({ min: 1, max: 10 }), greedy: fc.boolean() });

/** Every stack's product score under the rules (rejected stacks left out), best first. */
function productScores(g: CompiledGraph, predicates: readonly StatePredicate[]): number[] {
  const out: number[] = [];
  for (const t of allStacks(g)) {
    const j = judgeOracle(g, predicates, t.pins);
    if (j.accepted) out.push(t.score + j.score);
  }
  return out.sort((a, b) => b - a);
}

describe("branchAndBound", () => {
  it("proves the same top-K scores as brute-force enumeration (random scores in [-1, 1])", () => {
    fc.assert(
      fc.property(shape, (o) => {
        const g = exactUniverse(o.universe);
        const all: number[] = [];
        forEachStack(g, (_p, s) => { all.push(s); });
        all.sort((a, b) => b - a);
        const r = branchAndBound(g, { topK: o.k, greedyStart: o.greedy, tunePasses: o.tune });
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
        expect(new Set(r.top.map((t) => t.pins.join(","))).size).toBe(r.top.length);
      }),
      { numRuns: 800, seed: 5 },
    );
  });

  it("at a node budget returns the incumbent and a proven bound no lower than the optimum", () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 1, max: 30 }), (o, maxNodes) => {
        const g = exactUniverse(o.universe);
        let optimum = -Infinity;
        forEachStack(g, (_p, s) => { optimum = Math.max(optimum, s); });
        const r = branchAndBound(g, { maxNodes, greedyStart: o.greedy, tunePasses: o.tune });
        if (r.status === "limit") {
          if (optimum > -Infinity) expect(r.upperBound).toBeGreaterThanOrEqual(optimum - 1e-9);
          if (r.incumbent) expect(r.gap).toBeCloseTo(r.upperBound - r.incumbent.score, 12);
        } else {
          expect(r.optimum?.score ?? -Infinity).toBeCloseTo(optimum, 9);
        }
      }),
      { numRuns: 500, seed: 6 },
    );
  });

  it("with state-dependent rules, proves the top-K product scores of brute force; rejected stacks never come back", () => {
    fc.assert(
      fc.property(withRules, (o) => {
        const g = exactUniverse(o.universe);
        const predicates = randomRules(g, o.universe.seed, o.rules);
        const want = productScores(g, predicates).slice(0, o.k);
        const judge = (pins: Int32Array) => judgeOracle(g, predicates, pins);
        const r = branchAndBound(g, { topK: o.k, greedyStart: o.greedy, rules: { predicates, judge } });
        expect(r.status).toBe("optimal");
        expect(r.top.map((t) => t.score).length).toBe(want.length);
        r.top.forEach((t, i) => {
          expect(t.score).toBeCloseTo(want[i], 9);
          const j = judge(t.pins);
          expect(j.accepted).toBe(true);
          if (j.accepted) expect(t.score).toBeCloseTo((stackScore(g, t.pins) ?? NaN) + j.score, 9);
        });
      }),
      { numRuns: 800, seed: 7 },
    );
  });

  it("with state-dependent rules, at a node budget the bound holds for the product score", () => {
    fc.assert(
      fc.property(withRules, fc.integer({ min: 1, max: 30 }), (o, maxNodes) => {
        const g = exactUniverse(o.universe);
        const predicates = randomRules(g, o.universe.seed, o.rules);
        const optimum = productScores(g, predicates)[0] ?? -Infinity;
        const r = branchAndBound(g, { maxNodes, greedyStart: o.greedy, rules: { predicates, judge: (pins) => judgeOracle(g, predicates, pins) } });
        if (r.status === "limit") {
          if (optimum > -Infinity) expect(r.upperBound).toBeGreaterThanOrEqual(optimum - 1e-9);
          if (r.incumbent) expect(r.incumbent.score).toBeLessThanOrEqual(optimum + 1e-9);
        } else expect(r.optimum?.score ?? -Infinity).toBeCloseTo(optimum, 9);
      }),
      { numRuns: 500, seed: 8 },
    );
  });

  it("stops when shouldStop says so, asking every 1,024 nodes, with a proven bound", () => {
    const g = withRandomScores(buildGraph(randomUniverse(3, { packages: 40, versions: 12, edgeProbability: 0.15, maskDensity: 0.6, rootRequirements: 12, exclusionProbability: 0, extras: 0, nonEmptyMasks: true })), 3);
    const full = branchAndBound(g, { greedyStart: false, topK: 5 });
    expect(full.stats.nodes).toBeGreaterThan(2048);
    let asked = 0;
    const r = branchAndBound(g, { greedyStart: false, topK: 5, shouldStop: () => ++asked >= 2 });
    expect(r.status).toBe("limit");
    expect(r.stats.nodes).toBeLessThanOrEqual(1024 + 1);
    if (r.status === "limit" && full.status === "optimal" && full.optimum) expect(r.upperBound).toBeGreaterThanOrEqual(full.optimum.score - 1e-9);
  });
});

describe("branchAndBound's greedy start", () => {
  it("asks shouldStop while it solves (up to 10,000 conflicts), not only once the search has nodes", () => {
    const g = buildGraph(pigeonhole(6));
    const asks = (greedyStart: boolean) => {
      let asked = 0;
      const r = branchAndBound(g, { greedyStart, shouldStop: () => (asked++, false) });
      expect(r.status).toBe("optimal");
      return asked;
    };
    // No stack exists: the greedy solve runs to its proof, hundreds of conflicts, each step of work counted.
    expect(asks(true)).toBeGreaterThan(asks(false) + 10);
  });

  it("stops at the first check that says stop, during the greedy solve", () => {
    const g = buildGraph(pigeonhole(6));
    let asked = 0;
    const r = branchAndBound(g, { shouldStop: () => ++asked >= 2 });
    expect(r.status).not.toBe("optimal");
    expect(asked).toBe(2);
  });
});
