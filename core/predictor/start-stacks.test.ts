import { describe, expect, it } from "vitest";
import { buildGraph } from "../graph/build.js";
import { randomUniverse } from "../resolver/random-universe.js";
import { pigeonhole } from "../resolver/pigeonhole.test-support.js";
import { solve } from "../resolver/solve.js";
import { resolverStack } from "./start-stacks.js";

describe("resolverStack", () => {
  it("is the newest-first resolution, with or without a stop check that never says stop", () => {
    const g = buildGraph(randomUniverse(7, { packages: 12, versions: 6, edgeProbability: 0.2, maskDensity: 0.8, exclusionProbability: 0, extras: 0, rootRequirements: 5, cycles: false }));
    const r = solve(g);
    if (r.status !== "resolved") throw new Error("universe 7 resolves");
    expect(resolverStack(g)).toEqual(r.pins);
    expect(resolverStack(g, () => false)).toEqual(r.pins);
  });

  it("asks the stop check while it solves, and gives null once it says stop (a graph that takes the resolver long)", () => {
    const g = buildGraph(pigeonhole(6));
    let asked = 0;
    expect(resolverStack(g, () => ++asked >= 2)).toBeNull();
    expect(asked).toBe(2);
  });
});
