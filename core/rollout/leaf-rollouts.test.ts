import { describe, expect, it } from "vitest";
import { buildGraph } from "../graph/build.js";
import { randomUniverse } from "../resolver/random-universe.js";
import { createRolloutKernel } from "./rollout-kernel.js";
import { UNIFORM } from "./rollout-policy.js";
import { leafSeed, runRequest } from "./run-request.js";
import { outcomeOf, resultFromOutcome } from "./result-pins.js";
import type { RolloutResult } from "./rollout-request.js";

const graphOf = (seed: number) =>
  buildGraph(randomUniverse(seed, { packages: 10, versions: 6, edgeProbability: 0.3, maskDensity: 0.6, exclusionProbability: 0.1, extras: 1, rootRequirements: 3 }));

describe("leaf parallelism (a request for k rollouts)", () => {
  it("aggregates exactly the k single rollouts seeded leafSeed(seed, i): count, stacks, reward sum, best stack (first of equals), dead ends in order", () => {
    let sawDeadEnd = false;
    let sawStack = false;
    for (let u = 1; u <= 12; u++) {
      const g = graphOf(u);
      const kernel = createRolloutKernel(g);
      for (const k of [2, 7, 32]) {
        const request = { id: 5, prefix: new Int32Array(0), seed: 1000 + u, policy: UNIFORM, rollouts: k };
        const singles: RolloutResult[] = [];
        for (let i = 0; i < k; i++) singles.push(runRequest(kernel, { id: 5, prefix: request.prefix, seed: leafSeed(request.seed, i), policy: UNIFORM }));
        const agg = runRequest(kernel, request);
        const stacks = singles.filter((r) => r.kind === "stack");
        const deadEnds = singles.flatMap((r) => (r.kind === "dead-end" ? [r.package] : []));
        expect(agg.leaf).toEqual({ count: k, stacks: stacks.length, rewardSum: stacks.reduce((s, r) => s + r.reward, 0), deadEnds: Int32Array.from(deadEnds) });
        if (stacks.length > 0) {
          sawStack = true;
          const best = stacks.reduce((a, b) => (b.reward > a.reward ? b : a));
          expect({ ...agg, leaf: undefined }).toEqual({ ...best, leaf: undefined });
        } else {
          expect(agg.kind).toBe("dead-end");
          expect({ ...agg, leaf: undefined }).toEqual({ ...singles[0], leaf: undefined });
        }
        if (deadEnds.length > 0) sawDeadEnd = true;
        // Crosses the wire (outcome without pins) and comes back the same.
        expect(resultFromOutcome(g, outcomeOf(agg))).toEqual(agg);
      }
    }
    expect(sawStack && sawDeadEnd).toBe(true);
  });

  it("k = 1 (or absent) is the plain rollout, with no aggregate; rollout 0 of k uses the request's own seed", () => {
    const g = graphOf(3);
    const kernel = createRolloutKernel(g);
    const plain = runRequest(kernel, { id: 1, prefix: new Int32Array(0), seed: 9, policy: UNIFORM });
    expect(runRequest(kernel, { id: 1, prefix: new Int32Array(0), seed: 9, policy: UNIFORM, rollouts: 1 })).toEqual(plain);
    expect(plain.leaf).toBeUndefined();
    expect(leafSeed(9, 0)).toBe(9);
    expect(leafSeed(9, 1)).not.toBe(9);
  });

  it("an invalid prefix answers invalid for all k; a bad k is refused naming the request", () => {
    const g = graphOf(4);
    const kernel = createRolloutKernel(g);
    const r = runRequest(kernel, { id: 2, prefix: Int32Array.of(0, g.versionStart[1] - g.versionStart[0]), seed: 1, policy: UNIFORM, rollouts: 4 });
    expect(r.kind).toBe("invalid");
    expect(r.leaf).toEqual({ count: 4, stacks: 0, rewardSum: 0, deadEnds: new Int32Array(0) });
    expect(() => runRequest(kernel, { id: 3, prefix: new Int32Array(0), seed: 1, policy: UNIFORM, rollouts: 0.5 })).toThrow(/request 3: rollouts/);
  });

  it("resultFromOutcome refuses an aggregate that disagrees with its kind or the graph", () => {
    let g = graphOf(1);
    let agg: RolloutResult | null = null;
    for (let u = 1; u <= 12 && (agg === null || agg.kind !== "stack"); u++) {
      g = graphOf(u);
      const kernel = createRolloutKernel(g);
      for (let s = 0; s < 50 && (agg === null || agg.kind !== "stack"); s++) agg = runRequest(kernel, { id: 1, prefix: new Int32Array(0), seed: s, policy: UNIFORM, rollouts: 3 });
    }
    expect(agg!.kind).toBe("stack");
    const o = outcomeOf(agg!);
    expect(() => resultFromOutcome(g, { ...o, leaf: { ...o.leaf!, stacks: 0 } })).toThrow(/disagrees with kind stack/);
    expect(() => resultFromOutcome(g, { ...o, leaf: { ...o.leaf!, deadEnds: Int32Array.of(g.packageCount) } })).toThrow(/not a package/);
    expect(() => resultFromOutcome(g, { ...o, leaf: { ...o.leaf!, count: 1, stacks: 3 } })).toThrow(/exceed count/);
  });
});
