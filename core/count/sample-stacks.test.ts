import { describe, expect, it } from "vitest";
import { buildGraph } from "../graph/build.js";
import { mulberry32 } from "../random/index.js";
import { randomUniverse } from "../resolver/random-universe.js";
import { stackCounter } from "./count-stacks.js";
import { forEachStack } from "./enumerate-stacks.js";
import { ruleChoice, sampleStacks, uniformBelow } from "./sample-stacks.js";

/** The chi-square critical value at p = 0.001 for `df` degrees of freedom (Wilson-Hilferty). */
const critical = (df: number) => df * (1 - 2 / (9 * df) + 3.0902 * Math.sqrt(2 / (9 * df))) ** 3;

const universe = (seed: number) => buildGraph(randomUniverse(seed, {
  packages: 6, versions: 4, edgeProbability: 0.35, maskDensity: 0.6, exclusionProbability: 0.1, extras: 1, rootRequirements: 2, cycles: true,
}));

describe("uniformBelow", () => {
  it("stays below n and covers it, past 2^53 too", () => {
    const below = uniformBelow(mulberry32(1));
    const seen = new Set<bigint>();
    for (let i = 0; i < 500; i++) {
      const x = below(7n);
      expect(x >= 0n && x < 7n).toBe(true);
      seen.add(x);
    }
    expect(seen.size).toBe(7);
    const big = 3n ** 60n;
    for (let i = 0; i < 50; i++) expect(below(big) < big).toBe(true);
  });
});

describe("sampling stacks by the exact count", () => {
  it("draws only valid stacks, uniformly: a chi-square test over every stack of small universes", () => {
    let tested = 0;
    let rejected = 0;
    for (let seed = 1; tested < 5 && seed < 1000; seed++) {
      const g = universe(seed);
      const all = new Map<string, number>();
      forEachStack(g, (pins) => void all.set(Array.from(pins).join(","), 0));
      if (all.size < 5 || all.size > 60) continue;
      tested++;
      const counter = stackCounter(g);
      const counted = counter.count();
      expect(counted.status === "exact" && counted.count).toBe(BigInt(all.size));
      const choose = ruleChoice("uniform", mulberry32(seed));
      const draws = 200 * all.size;
      for (let i = 0; i < draws; i++) {
        const pins = counter.sample(choose);
        expect(pins).not.toBeNull();
        const key = Array.from(pins!).join(",");
        expect(all.has(key), `seed ${seed}: ${key} is not a stack`).toBe(true);
        all.set(key, all.get(key)! + 1);
      }
      const expected = draws / all.size;
      const chi2 = [...all.values()].reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
      expect(chi2, `seed ${seed}: ${all.size} stacks`).toBeLessThan(critical(all.size - 1));
      // the test has power: the random rule's draws fail it on the same universe
      const byRule = new Map([...all.keys()].map((k) => [k, 0]));
      const random = ruleChoice("random", mulberry32(seed));
      for (let i = 0; i < draws; i++) {
        const key = Array.from(counter.sample(random)!).join(",");
        byRule.set(key, byRule.get(key)! + 1);
      }
      if ([...byRule.values()].reduce((s, o) => s + (o - expected) ** 2 / expected, 0) > critical(all.size - 1)) rejected++;
    }
    expect(tested).toBe(5);
    expect(rejected).toBeGreaterThan(0);
  });

  it("the random rule never dead-ends but is not uniform; sampleStacks gives distinct, reproducible stacks, all of them when fewer", () => {
    let g = universe(1);
    let n = 0;
    for (let seed = 1; seed < 200; seed++) {
      g = universe(seed);
      n = forEachStack(g, () => true);
      if (n >= 8 && n <= 60) break;
    }
    const random = stackCounter(g);
    const choose = ruleChoice("random", mulberry32(3));
    for (let i = 0; i < 100; i++) expect(random.sample(choose)).not.toBeNull();
    const a = sampleStacks(g, { count: 5, seed: 9, rule: "uniform" });
    const b = sampleStacks(g, { count: 5, seed: 9, rule: "uniform" });
    expect(a).toEqual(b);
    expect(a.status === "ok" && new Set(a.stacks.map((s) => JSON.stringify(s))).size).toBe(5);
    const every = sampleStacks(g, { count: 1000, seed: 9, rule: "uniform" });
    expect(every.status === "ok" && every.total).toBe(BigInt(n));
    const distinct = new Set<string>();
    forEachStack(g, (pins) => void distinct.add(JSON.stringify(pins)));
    // every stack once (as packages: extras folded, so no more than the final states)
    expect(every.status === "ok" && every.stacks.length).toBeLessThanOrEqual(n);
    expect(every.status === "ok" && every.stacks.length).toBeGreaterThan(0);
  });
});
