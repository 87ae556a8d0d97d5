import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exactShape, exactUniverse } from "../../test/support/exact-oracle.js";
import { branchAndBound } from "./branch-and-bound.js";
import { exactInTurns } from "./exact-in-turns.js";

describe("exactInTurns", () => {
  it("searches the same nodes to the same result as branchAndBound, pausing between turns", async () => {
    await fc.assert(
      fc.asyncProperty(exactShape, fc.integer({ min: 1, max: 4 }), async (shape, k) => {
        const g = exactUniverse(shape);
        const whole = branchAndBound(g, { topK: k });
        // A clock that moves 1 ms per reading: a turn of 0 ms pauses at every step.
        let t = 0;
        let pauses = 0;
        let turns = 0;
        const stepped = await exactInTurns(g, { topK: k, now: () => t++, turnMs: 0, pause: async () => { pauses++; }, onTurn: () => { turns++; } });
        expect(stepped.status).toBe(whole.status);
        expect(stepped.stats).toEqual(whole.stats);
        expect(stepped.top.map((s) => [s.score, Array.from(s.pins)])).toEqual(whole.top.map((s) => [s.score, Array.from(s.pins)]));
        expect(pauses).toBe(turns);
      }),
      { numRuns: 40, seed: 5 },
    );
  });

  it("gives the event loop turns on a search of many nodes, and stops when shouldStop says so", async () => {
    const shape = (seed: number) => ({ seed, packages: 10, versions: 4, edgeProbability: 0.3, maskDensity: 0.7, extras: 0, rootRequirements: 3, cycles: false, nonEmptyMasks: true });
    let seed = 1;
    while (branchAndBound(exactUniverse(shape(seed)), { topK: 50 }).stats.nodes < 200) seed++;
    const g = exactUniverse(shape(seed));
    let t = 0;
    let pauses = 0;
    const r = await exactInTurns(g, {
      topK: 50, now: () => t++, turnMs: 0,
      pause: () => new Promise<void>((resolve) => setImmediate(() => { pauses++; resolve(); })),
      shouldStop: () => pauses >= 2,
    });
    expect(pauses).toBeGreaterThanOrEqual(2);
    expect(r.status).toBe("limit");
    if (r.status === "limit") expect(r.upperBound).toBeGreaterThanOrEqual(r.incumbent?.score ?? -Infinity);
  });
});
