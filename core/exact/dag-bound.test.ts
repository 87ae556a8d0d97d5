import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../random/index.js";
import { createDagBound } from "./dag-bound.js";
import { createRelaxedStack } from "./relaxed-stack.js";
import { createMultiplierTuner } from "./tune-multipliers.js";
import { allStacks, exactShape, exactUniverse, isBelow, randomState } from "../../test/support/exact-oracle.js";
import { isStack } from "../../test/support/stack-oracle.js";

const shape = fc.record({
  universe: exactShape,
  depth: fc.integer({ min: 0, max: 5 }),
  /** 0: every multiplier Infinity; 1: all 0; 2: random in [0, 1.5]; 3: a mix of the three. */
  multipliers: fc.integer({ min: 0, max: 3 }),
}).map((o) => ({ ...o.universe, depth: o.depth, multipliers: o.multipliers }));

type Shape = typeof shape extends fc.Arbitrary<infer T> ? T : never;

function instance(o: Shape) {
  const g = exactUniverse(o);
  const s = randomState(g, o.seed + 1, o.depth);
  const dag = createDagBound(g);
  const rnd = mulberry32(o.seed + 2);
  for (let p = 0; p < g.packageCount; p++) {
    const pick = o.multipliers === 3 ? Math.floor(rnd() * 3) : o.multipliers;
    dag.multipliers[p] = pick === 0 ? Infinity : pick === 1 ? 0 : 1.5 * rnd();
  }
  const below = s === null ? [] : allStacks(g).filter((t) => isBelow(s, t.pins));
  const best = below.reduce((m, t) => Math.max(m, t.score), -Infinity);
  return { g, s, dag, best, below };
}

describe("createDagBound", () => {
  it("is at least the best stack below random states, whatever the multipliers, and -Infinity only when none is", () => {
    fc.assert(
      fc.property(shape, (o) => {
        const { s, dag, best } = instance(o);
        if (s === null) return;
        const b = dag.bound(s);
        if (best === -Infinity) return; // no stack below: any bound is admissible
        expect(b).toBeGreaterThanOrEqual(best - 1e-9);
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it("tuning the multipliers never raises the bound, and the tuned bound holds at other states", () => {
    fc.assert(
      fc.property(shape, (o) => {
        const { g, s, dag, best } = instance(o);
        if (s === null) return;
        const before = dag.bound(s);
        const after = createMultiplierTuner(g, dag).tune(s, 3);
        if (before === -Infinity) expect(after).toBe(-Infinity);
        else expect(after).toBeLessThanOrEqual(before + 1e-12);
        if (best > -Infinity) expect(after).toBeGreaterThanOrEqual(best - 1e-9);
        // The tuned multipliers at another state of the same universe.
        const other = randomState(g, o.seed + 7, o.depth + 1);
        if (other === null) return;
        const bestOther = allStacks(g).filter((t) => isBelow(other, t.pins)).reduce((m, t) => Math.max(m, t.score), -Infinity);
        if (bestOther > -Infinity) expect(dag.bound(other)).toBeGreaterThanOrEqual(bestOther - 1e-9);
      }),
      { numRuns: 600, seed: 12 },
    );
  });

  it("its solution, when the walk finds it a stack, is a stack below the state worth at most the bound", () => {
    let stacks = 0;
    fc.assert(
      fc.property(shape, (o) => {
        const { g, s, dag } = instance(o);
        if (s === null) return;
        const b = dag.bound(s);
        if (b === -Infinity) return;
        const choice = new Int32Array(g.packageCount).fill(-1);
        dag.choose(choice);
        const walk = createRelaxedStack(g);
        const p = walk.walk(s, choice);
        if (p === -1) {
          stacks++;
          expect(isStack(g, walk.pins)).toBe(true);
          expect(isBelow(s, walk.pins)).toBe(true);
          expect(walk.score).toBeLessThanOrEqual(b + 1e-9);
        } else if (p >= 0) {
          // A package to branch on is required and unresolved.
          expect(s.pins[p]).toBe(-1);
          expect(s.requiredBy[p]).toBeGreaterThan(0);
        }
      }),
      { numRuns: 800, seed: 13 },
    );
    expect(stacks).toBeGreaterThan(100);
  });
});
