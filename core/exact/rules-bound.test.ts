import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRulesBound } from "./rules-bound.js";
import { allStacks, exactShape, exactUniverse, isBelow, judgeOracle, randomRules, randomState } from "../../test/support/exact-oracle.js";

const shape = fc.record({ universe: exactShape, depth: fc.integer({ min: 0, max: 5 }), rules: fc.integer({ min: 1, max: 12 }) });

describe("createRulesBound", () => {
  it("with its credits is at least what the rules add to every stack below random states that they accept; -Infinity only when they reject all", () => {
    let tight = 0;
    let rejectedAll = 0;
    fc.assert(
      fc.property(shape, ({ universe, depth, rules }) => {
        const g = exactUniverse(universe);
        const predicates = randomRules(g, universe.seed, rules);
        const s = randomState(g, universe.seed + 1, depth);
        if (s === null) return;
        const below = allStacks(g).filter((t) => isBelow(s, t.pins));
        const rb = createRulesBound(g, predicates);
        const credit = new Float64Array(g.candidateCount);
        const before = randomState(g, universe.seed + 2, depth + 1);
        if (before !== null) rb.bound(before, credit); // its credits must not linger
        const rest = rb.bound(s, credit);
        let accepted = 0;
        for (const t of below) {
          const j = judgeOracle(g, predicates, t.pins);
          if (!j.accepted) continue;
          accepted++;
          let held = 0;
          for (let p = 0; p < g.packageCount; p++) if (t.pins[p] >= 0) held += credit[g.versionStart[p] + t.pins[p]];
          expect(rest + held).toBeGreaterThanOrEqual(j.score - 1e-9);
          if (Math.abs(rest + held - j.score) < 1e-9) tight++;
        }
        if (accepted === 0) {
          if (below.length > 0 && rest === -Infinity) rejectedAll++;
          return;
        }
        for (let c = 0; c < g.candidateCount; c++) expect(credit[c]).toBeGreaterThanOrEqual(0);
        // A package to decide is not pinned yet.
        const p = rb.branch(s);
        if (p >= 0) expect(s.pins[p]).toBe(-1);
      }),
      { numRuns: 1500, seed: 21 },
    );
    // The bound is often exact for a stack, and sometimes proves that the rules reject everything below.
    expect(tight).toBeGreaterThan(1000);
    expect(rejectedAll).toBeGreaterThan(0);
  });
});
