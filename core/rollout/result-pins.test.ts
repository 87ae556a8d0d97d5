import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildGraph } from "../graph/build.js";
import { ROOT } from "../graph/compiled-graph.js";
import { randomUniverse } from "../resolver/random-universe.js";
import { mulberry32 } from "../random/index.js";
import { PIN_OK, createState, nextAllowed, nextUnresolved, pin, popcount } from "../state/state.js";
import { createRolloutKernel } from "./rollout-kernel.js";
import { type RolloutPolicy, UNIFORM } from "./rollout-policy.js";
import type { RolloutRequest } from "./rollout-request.js";
import { outcomeOf, pinsFromPath, resultFromOutcome, stackReward } from "./result-pins.js";
import { runRequest } from "./run-request.js";

describe("result pins", () => {
  it("rebuild runRequest's results exactly from their outcomes (stacks, dead ends, invalid prefixes; every policy), on a fresh or a reused kernel", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 << 30 }), fc.boolean(), (seed, cycles) => {
        const g = buildGraph(randomUniverse(seed, { packages: 10, versions: 5, edgeProbability: 0.3, maskDensity: 0.5, exclusionProbability: 0.1, extras: 2, rootRequirements: 3, cycles }));
        const reused = createRolloutKernel(g);
        const rnd = mulberry32(seed);
        const values = Float64Array.from(g.score, (s) => s + rnd());
        const versions = new Int32Array(g.packageCount).map((_, p) => Math.floor(rnd() * (g.versionStart[p + 1] - g.versionStart[p] + 1)) - 1);
        const policies: RolloutPolicy[] = [UNIFORM, { kind: "softmax", values, temperature: 0.2 }, { kind: "prefer", versions }];
        const kinds = new Set<string>();
        for (let i = 0; i < 40; i++) {
          const request: RolloutRequest = { id: i, prefix: randomPrefix(g, rnd, i % 5 === 4, i % 10 === 4 ? 0 : 4), seed: seed + i, policy: policies[i % 3] };
          const result = runRequest(createRolloutKernel(g), request);
          kinds.add(result.kind);
          expect(resultFromOutcome(g, outcomeOf(result))).toEqual(result);
          expect(runRequest(reused, request)).toEqual(result);
          expect(resultFromOutcome(g, outcomeOf(runRequest(reused, request)))).toEqual(result);
          if (result.kind === "stack") {
            expect(result.pins[ROOT]).toBe(0);
            expect(stackReward(g, result.path)).toBe(result.reward);
          }
        }
        expect(kinds.has("invalid")).toBe(true);
      }),
      { numRuns: 60, seed: 5 },
    );
  });

  it("refuses paths and packages that are not the graph's, naming the value", () => {
    const g = buildGraph(randomUniverse(3, { packages: 4, versions: 3, edgeProbability: 0.3, maskDensity: 0.8, exclusionProbability: 0, extras: 0, rootRequirements: 2 }));
    expect(() => pinsFromPath(g, [0, g.candidateCount])).toThrow(new RegExp(`path\\[1\\] = ${g.candidateCount}`));
    expect(() => pinsFromPath(g, [0, 0])).toThrow(/second time/);
    expect(() => resultFromOutcome(g, { kind: "dead-end", id: 1, reward: -1, path: Int32Array.of(0), deadEndPackage: g.packageCount }))
      .toThrow(new RegExp(`dead-end package ${g.packageCount}`));
    expect(() => outcomeOf({ kind: "dead-end", id: 1, reward: -1, package: 0, depth: 3, path: Int32Array.of(0) })).toThrow(/depth 3/);
    const stack = runRequest(createRolloutKernel(g), { id: 4, prefix: new Int32Array(0), seed: 1, policy: UNIFORM });
    expect(stack.kind).toBe("stack");
    expect(() => resultFromOutcome(g, { ...outcomeOf(stack), reward: stack.reward + 0.5 })).toThrow(/stack 4: reward .* is not the score/);
  });
});

/** A prefix of fewer than `maxSteps` valid pins from the root (possibly ending in a dead end), or, when `garbage`, one that cannot be applied. */
function randomPrefix(g: ReturnType<typeof buildGraph>, rnd: () => number, garbage: boolean, maxSteps: number): Int32Array {
  const s = createState(g);
  const out: number[] = [];
  const steps = Math.floor(rnd() * maxSteps);
  for (let i = 0; i < steps && s.deadEnd < 0; i++) {
    const p = nextUnresolved(s, 0);
    if (p < 0 || popcount(s, p) === 0) break;
    let v = nextAllowed(s, p, 0);
    for (let skip = Math.floor(rnd() * popcount(s, p)); skip > 0; skip--) v = nextAllowed(s, p, v + 1);
    out.push(p, v);
    if (pin(s, p, v) !== PIN_OK) break;
  }
  // Garbage: a package that is not required (nothing pinned yet), or the first pin again.
  if (garbage) out.push(...(out.length === 0 ? [g.packageCount - 1, 0] : [out[0], out[1]]));
  return Int32Array.from(out);
}
