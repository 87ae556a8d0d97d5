import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildGraph } from "../graph/build.js";
import { ROOT } from "../graph/compiled-graph.js";
import { randomUniverse } from "../resolver/random-universe.js";
import { mulberry32 } from "../random/index.js";
import { PIN_OK } from "../state/state.js";
import { deadEndReward } from "./dead-end-reward.js";
import { PREFIX_INVALID, createRolloutKernel } from "./rollout-kernel.js";
import { UNIFORM } from "./rollout-policy.js";
import { runRequest } from "./run-request.js";
import { isStack, scoreOf } from "../../test/support/stack-oracle.js";



const one = (name: string, n: number) => ({ name, versions: Array.from({ length: n }, (_, i) => ({ version: `${n - i}.0`, deps: [], score: i })) });
const all = (name: string, n: number) => ({ target: name, allowed: Array.from({ length: n }, (_, i) => `${n - i}.0`), spec: name });

describe("rollout kernel", () => {
  it("completes to valid stacks scored by graph.score, or to dead ends with the dead-end reward; same seed, same result", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 << 30 }), fc.boolean(), (seed, cycles) => {
        const g = buildGraph(randomUniverse(seed, { packages: 8, versions: 4, edgeProbability: 0.3, maskDensity: 0.6, exclusionProbability: 0.1, extras: 1, rootRequirements: 3, cycles }));
        const k = createRolloutKernel(g);
        for (let i = 0; i < 20; i++) {
          const a = runRequest(k, { id: i, prefix: new Int32Array(0), seed: seed + i, policy: UNIFORM });
          const b = runRequest(k, { id: i, prefix: new Int32Array(0), seed: seed + i, policy: UNIFORM });
          expect(b).toEqual(a);
          if (a.kind === "stack") {
            expect(isStack(g, a.pins)).toBe(true);
            expect(a.reward).toBeCloseTo(scoreOf(g, a.pins), 9);
            expect(a.reward).toBeGreaterThan(k.deadEndReward);
          } else {
            expect(a.kind).toBe("dead-end");
            expect(a.reward).toBe(deadEndReward(g));
          }
        }
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it("uniform picks every allowed version about equally often", () => {
    const g = buildGraph({ root: [all("a", 4)], packages: [one("a", 4)] });
    const k = createRolloutKernel(g);
    const a = g.names.indexOf("a");
    const seen = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      k.reset();
      k.complete(UNIFORM, i * 7919);
      seen[k.state.pins[a]]++;
    }
    for (const n of seen) expect(n).toBeGreaterThan(850);
  });

  it("softmax follows the values; prefer replays a stack and falls back to uniform", () => {
    const g = buildGraph({ root: [all("a", 4), all("b", 3)], packages: [one("a", 4), one("b", 3)] });
    const k = createRolloutKernel(g);
    const a = g.names.indexOf("a");
    const b = g.names.indexOf("b");
    const values = new Float64Array(g.candidateCount);
    values[g.versionStart[a] + 2] = 10;
    let hits = 0;
    for (let i = 0; i < 500; i++) {
      k.reset();
      k.complete({ kind: "softmax", values, temperature: 1 }, i);
      if (k.state.pins[a] === 2) hits++;
    }
    expect(hits).toBeGreaterThan(490);
    const versions = new Int32Array(g.packageCount).fill(-1);
    versions[a] = 3;
    versions[b] = 1;
    k.reset();
    expect(k.complete({ kind: "prefer", versions }, 1)).toBe(3 + 1);
  });

  it("applies a prefix, and refuses an invalid one", () => {
    const g = buildGraph({ root: [all("a", 4)], packages: [one("a", 4), one("b", 2)] });
    const k = createRolloutKernel(g);
    const a = g.names.indexOf("a");
    k.reset();
    expect(k.applyPins([ROOT, 0, a, 1])).toBe(PIN_OK);
    expect(k.complete(UNIFORM, 3)).toBe(1);
    k.reset();
    expect(k.applyPins([ROOT, 0, g.names.indexOf("b"), 0])).toBe(PREFIX_INVALID);
    k.reset();
    // A version index past the package's versions never reads the next package's domain bits.
    expect(k.applyPins([ROOT, 0, a, 4])).toBe(PREFIX_INVALID);
    k.reset();
    expect(k.applyPins([ROOT, 0, a, 5])).toBe(PREFIX_INVALID);
  });

  it("gives a request the same reward, to the last bit, on a fresh kernel and on one that ran others before", () => {
    const base = buildGraph(randomUniverse(5, { packages: 30, versions: 6, edgeProbability: 0.05, maskDensity: 0.9, exclusionProbability: 0, extras: 1, rootRequirements: 4, nonEmptyMasks: true }));
    const rnd = mulberry32(5);
    const score = new Float64Array(base.candidateCount);
    for (let c = 0; c < base.candidateCount; c++) score[c] = rnd() * 0.7 - 0.35;
    const g = { ...base, score };
    const used = createRolloutKernel(g);
    let stacks = 0;
    for (let seed = 0; seed < 300; seed++) {
      const request = { id: seed, prefix: new Int32Array(0), seed, policy: UNIFORM };
      const again = runRequest(used, request);
      const fresh = runRequest(createRolloutKernel(g), request);
      expect(again.reward).toBe(fresh.reward);
      if (again.kind === "stack") stacks++;
    }
    expect(stacks).toBeGreaterThan(50);
  });
});
