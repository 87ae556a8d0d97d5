import { describe, expect, it } from "vitest";
import { buildGraph, type CompiledGraph } from "../graph/index.js";
import { randomUniverse } from "../resolver/index.js";
import { createInProcessRunner, createRolloutKernel, leafSeed, outcomeOf, resultFromOutcome, runRequest, UNIFORM, type RolloutRequest, type RolloutResult, type RolloutRunner } from "../rollout/index.js";
import { stackRulesRunner } from "./index.js";
import { randomRules } from "./random-rules.test-support.js";

const universe = (seed: number): CompiledGraph =>
  buildGraph(randomUniverse(seed, { packages: 12, versions: 8, edgeProbability: 0.3, maskDensity: 0.7, exclusionProbability: 0.1, extras: 1, rootRequirements: 3 }));

const requests = (n: number, k = 1): RolloutRequest[] => Array.from({ length: n }, (_, i) => ({ id: i, prefix: new Int32Array(0), seed: 100 + i, policy: UNIFORM, ...(k > 1 ? { rollouts: k } : {}) }));

/** A runner that cannot take rules (no `judging`): stackRulesRunner judges its stacks on the coordinator. */
const opaque = (g: CompiledGraph): RolloutRunner => {
  const inner = createInProcessRunner(g);
  return { run: (r) => inner.run(r) };
};

describe("stacks judged where the rollout runs", () => {
  it("k = 1: the kernel's judged results are what the coordinator's stackRulesRunner makes of plain ones", async () => {
    let rejected = 0, stops = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const g = universe(seed);
      const rules = randomRules(g, seed);
      const travelled = stackRulesRunner(rules, createInProcessRunner(g));
      const coordinator = stackRulesRunner(rules, opaque(g));
      expect([travelled.travelled, coordinator.travelled]).toEqual([true, false]);
      const here = await travelled.run(requests(200));
      expect(here).toEqual(await coordinator.run(requests(200)));
      rejected += here.filter((r) => r.kind === "dead-end" && r.reward === rules.rejectedReward).length;
      stops += here.filter((r) => r.stop !== undefined).length;
      // Through the wire (outcomes) and back with the rules' stop count.
      expect(here.map((r) => resultFromOutcome(g, outcomeOf(r), { stopCount: rules.stopCount }))).toEqual(here);
    }
    expect(rejected).toBeGreaterThan(0);
    expect(stops).toBeGreaterThan(0);
  });

  it("k > 1: the aggregate counts judged stacks and rewards (a rejected stack is a dead end at the rejecting package), the best judged stack stands, the first stop asked comes back", () => {
    let mixed = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const g = universe(seed);
      const rules = randomRules(g, seed);
      const kernel = createRolloutKernel(g);
      for (const request of requests(40, 8)) {
        const singles: RolloutResult[] = [];
        for (let i = 0; i < 8; i++) singles.push(runRequest(kernel, { ...request, rollouts: 1, seed: leafSeed(request.seed, i) }, rules));
        const agg = runRequest(kernel, request, rules);
        const stacks = singles.filter((r) => r.kind === "stack");
        expect(agg.leaf).toEqual({
          count: 8, stacks: stacks.length, rewardSum: stacks.reduce((s, r) => s + r.reward, 0),
          deadEnds: Int32Array.from(singles.flatMap((r) => (r.kind === "dead-end" ? [r.package] : []))),
        });
        const stand = stacks.length > 0 ? stacks.reduce((a, b) => (b.reward > a.reward ? b : a)) : singles[0];
        const firstStop = singles.find((r) => r.stop !== undefined)?.stop;
        expect({ ...agg, leaf: undefined, stop: undefined }).toEqual({ ...stand, leaf: undefined, stop: undefined });
        expect(agg.stop).toBe(firstStop);
        if (stacks.length > 0 && singles.some((r) => r.kind === "dead-end" && r.reward === rules.rejectedReward)) mixed++;
      }
    }
    expect(mixed).toBeGreaterThan(10);
  });

  it("judging allocates no verdict per stack: judgeStack writes into the caller's verdict and returns nothing", () => {
    const g = universe(4);
    const rules = randomRules(g, 4);
    const stack = createInProcessRunner(g).runSync(requests(50)).find((r) => r.kind === "stack")!;
    const v = { accepted: false, score: 99, package: 5, stop: 7 };
    expect(rules.judgeStack((stack as { pins: Int32Array }).pins, v)).toBeUndefined();
    const j = rules.judge((stack as { pins: Int32Array }).pins);
    expect(v.accepted).toBe(j.accepted);
    if (j.accepted) expect(v.score).toBe(j.score);
  });
});
