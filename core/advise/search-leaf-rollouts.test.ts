import { describe, expect, it } from "vitest";
import { buildGraph } from "../graph/index.js";
import { randomUniverse } from "../resolver/index.js";
import { createInProcessRunner, type RolloutRunner } from "../rollout/index.js";
import { stackRulesRunner } from "../stack-rules/index.js";
import { randomRules } from "../stack-rules/random-rules.test-support.js";
import { searchLeafRollouts } from "./search-leaf-rollouts.js";

const graph = buildGraph(randomUniverse(3, { packages: 10, versions: 6, edgeProbability: 0.3, maskDensity: 0.7, exclusionProbability: 0.1, extras: 1, rootRequirements: 3 }));

describe("searchLeafRollouts", () => {
  it("keeps k without stack rules and when the rules travel to the runner, falls to 1 when the coordinator judges", () => {
    const rules = randomRules(graph, 3, { stops: false });
    const inner = createInProcessRunner(graph);
    const opaque: RolloutRunner = { run: (r) => inner.run(r) };
    expect(searchLeafRollouts(8, null)).toBe(8);
    expect(searchLeafRollouts(8, stackRulesRunner(rules, inner))).toBe(8);
    expect(searchLeafRollouts(8, stackRulesRunner(rules, opaque))).toBe(1);
    expect(searchLeafRollouts(1, stackRulesRunner(rules, inner))).toBe(1);
  });
});
