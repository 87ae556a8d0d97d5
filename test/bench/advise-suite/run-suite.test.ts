import { describe, expect, it } from "vitest";
import { buildGraph, type CompiledGraph } from "../../../core/graph/index.js";
import { randomUniverse, solve } from "../../../core/resolver/index.js";
import { createInProcessRunner, judgingThrough, type RolloutRequest, type RolloutRunner } from "../../../core/rollout/index.js";
import { randomRules } from "../../../core/stack-rules/random-rules.test-support.js";
import { THIS_BUILD, runInstance, type Build } from "./run-suite.js";
import type { Instance } from "./instances.js";

const graph = ((): CompiledGraph => {
  for (let seed = 1; ; seed++) {
    const g = buildGraph(randomUniverse(seed, { packages: 14, versions: 8, edgeProbability: 0.3, maskDensity: 0.7, exclusionProbability: 0.05, extras: 1, rootRequirements: 4 }));
    if (solve(g).status === "resolved") return g;
  }
})();

const instance = (withRules: boolean): Instance => ({
  request: "random", objective: withRules ? "pairwise" : "additive", graph, description: "", weights: {},
  rules: withRules ? randomRules(graph, 7, { stops: false }) : null,
});

/** THIS_BUILD with a runner that records each request's rollouts (taking rules when `judging`, as the in-process runner does). */
function recording(judging: boolean): { readonly build: Build; readonly rollouts: number[] } {
  const rollouts: number[] = [];
  const record = (inner: RolloutRunner): RolloutRunner => ({
    run: (requests: readonly RolloutRequest[]) => {
      for (const r of requests) rollouts.push(r.rollouts ?? 1);
      return inner.run(requests);
    },
    ...(judging ? judgingThrough(inner, record) : {}),
  });
  return { build: { ...THIS_BUILD, createInProcessRunner: (g) => record(createInProcessRunner(g)) }, rollouts };
}

const options = { budgets: [2000], seeds: [1], exactSeconds: 1, batchSize: 64, inFlight: 2 };

describe("the advise suite's search settings", () => {
  it("LEAF=k reaches the rollouts of mcts and td requests (polish moves stay single, the last ones fewer), with and without stack rules, and the budget is spent exactly", async () => {
    for (const withRules of [false, true]) {
      for (const predictor of ["mcts", "td"] as const) {
        const { build, rollouts } = recording(true);
        const r = await runInstance(instance(withRules), { ...options, predictors: [predictor], leafRollouts: 8, builds: [build] });
        // k = 8 per request, polish moves single, and fewer at the budget's end (spent exactly).
        const total = rollouts.reduce((a, b) => a + b, 0);
        expect(8 * rollouts.filter((k) => k === 8).length).toBeGreaterThan(total / 2);
        expect(rollouts).toContain(1);
        expect(Math.max(...rollouts)).toBe(8);
        expect(r.cells[0].stacks + r.cells[0].deadEnds).toBeGreaterThanOrEqual(2000);
        expect(r.cells[0].stacks).toBe(2000);
      }
    }
  });

  it("k = 1 asks single rollouts; with rules the runner cannot take (judged on the coordinator) k falls to 1, as in maat advise", async () => {
    const one = recording(true);
    await runInstance(instance(true), { ...options, predictors: ["mcts"], leafRollouts: 1, builds: [one.build] });
    expect(new Set(one.rollouts)).toEqual(new Set([1]));
    const opaque = recording(false);
    await runInstance(instance(true), { ...options, predictors: ["mcts"], leafRollouts: 8, builds: [opaque.build] });
    expect(new Set(opaque.rollouts)).toEqual(new Set([1]));
  });

  it("a search with another batch size, D and k is deterministic, as maat advise's", async () => {
    const best = async () => (await runInstance(instance(true), { ...options, batchSize: 32, inFlight: 4, leafRollouts: 8, predictors: ["mcts", "td", "auto"], builds: [THIS_BUILD] })).cells;
    const first = (await best()).map((c) => [c.predictor, c.best, c.stacks]);
    expect(first.every(([, b]) => typeof b === "number")).toBe(true);
    expect((await best()).map((c) => [c.predictor, c.best, c.stacks])).toEqual(first);
  });
});
