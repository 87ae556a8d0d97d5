import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildGraph } from "../graph/build.js";
import { ROOT } from "../graph/compiled-graph.js";
import { mulberry32 } from "../random/index.js";
import { randomUniverse } from "../resolver/random-universe.js";
import { PREFIX_INVALID, createRolloutKernel, runRequest } from "../rollout/index.js";
import { PIN_OK } from "../state/state.js";
import { createInformedMoves } from "./informed-moves.js";
import { informedValues } from "./informed-values.js";

/** A stack of the graph from the first of 20 informed rollouts that gives one, or null. */
function someStack(g: ReturnType<typeof universe>, values: Float64Array) {
  const kernel = createRolloutKernel(g);
  for (let seed = 0; seed < 20; seed++) {
    const r = runRequest(kernel, { id: 0, prefix: new Int32Array(0), seed, policy: { kind: "softmax", values, temperature: 0.3 } });
    if (r.kind === "stack") return r;
  }
  return null;
}

const universe = (seed: number) => {
  const base = buildGraph(randomUniverse(seed, {
    packages: 12, versions: 6, edgeProbability: 0.2, maskDensity: 0.75, exclusionProbability: 0.05, extras: 2, rootRequirements: 3,
    cycles: seed % 2 === 0, nonEmptyMasks: true, missingProbability: 0,
  }));
  const rnd = mulberry32(seed);
  return { ...base, score: Float64Array.from({ length: base.candidateCount }, () => 2 * rnd() - 1) };
};

describe("informed moves", () => {
  it("pin the chain to a moved package and its new version: prefixes always apply; the keep policy replays the base stack", () => {
    let moved = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 << 30 }), (seed) => {
        const g = universe(seed);
        const informed = informedValues(g);
        const kernel = createRolloutKernel(g);
        const base = someStack(g, informed.values);
        if (base === null) return;
        const moves = createInformedMoves(g, informed, { temperature: 0.5, repairTemperature: 0.1 });
        expect(moves.move(mulberry32(1))).toBeNull();
        moves.setBase({ score: base.reward, pins: base.pins, path: base.path });
        const random = mulberry32(seed);
        for (let i = 0; i < 30; i++) {
          const m = moves.move(random);
          if (m === null) break;
          moved++;
          // Root first; every package but the moved one (and a re-chosen dependency) at its base version.
          expect(m.prefix[0]).toBe(ROOT);
          let changed = 0;
          for (let k = 0; k < m.prefix.length; k += 2) if (base.pins[m.prefix[k]] !== m.prefix[k + 1]) changed++;
          expect(changed).toBeGreaterThanOrEqual(1);
          expect(changed).toBeLessThanOrEqual(2);
          kernel.reset();
          const applied = kernel.applyPins(m.prefix);
          expect(applied).not.toBe(PREFIX_INVALID);
          if (applied !== PIN_OK) continue;
          const r = runRequest(kernel, { id: i, prefix: m.prefix, seed: i, policy: m.policy });
          expect(r.kind).not.toBe("invalid");
        }
        // The keep policy alone (empty prefix) completes to the base stack itself.
        const keep = moves.move(mulberry32(2))?.policy;
        if (keep !== undefined) {
          const replay = runRequest(kernel, { id: 99, prefix: new Int32Array(0), seed: 5, policy: keep });
          expect(replay.kind === "stack" && Array.from(replay.pins)).toEqual(Array.from(base.pins));
        }
        moves.clear();
        expect(moves.move(random)).toBeNull();
      }),
      { numRuns: 80, seed: 17 },
    );
    expect(moved).toBeGreaterThan(500);
  });

  it("are deterministic for a seed", () => {
    const g = universe(11);
    const informed = informedValues(g);
    const base = someStack(g, informed.values);
    if (base === null) throw new Error("universe 11 has a stack");
    const plan = () => {
      const moves = createInformedMoves(g, informed, { temperature: 0.5, repairTemperature: 0.1 });
      moves.setBase({ score: base.reward, pins: base.pins, path: base.path });
      const random = mulberry32(4);
      return Array.from({ length: 20 }, () => Array.from(moves.move(random)?.prefix ?? []));
    };
    const a = plan();
    expect(a.filter((m) => m.length > 0).length).toBeGreaterThan(10);
    expect(plan()).toEqual(a);
  });
});
