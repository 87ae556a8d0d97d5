import { describe, expect, it } from "vitest";
import { buildGraph } from "../graph/build.js";
import { mulberry32 } from "../random/index.js";
import { randomUniverse } from "../resolver/random-universe.js";
import { stackCounter } from "./count-stacks.js";
import { forEachStack } from "./enumerate-stacks.js";
import { replayStack } from "./one-change.js";
import { pinnedPackages } from "../report/index.js";
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

describe("decision rules: newest, oldest, one-change", () => {
  /** Small universes with every stack enumerated independently (as packages: extras folded). */
  const small = () => {
    const out: { g: ReturnType<typeof universe>; all: Map<string, Record<string, string>> }[] = [];
    for (let seed = 1; out.length < 6 && seed < 1000; seed++) {
      const g = universe(seed);
      const all = new Map<string, Record<string, string>>();
      forEachStack(g, (pins) => {
        const stack = pinnedPackages(g, pins);
        all.set(JSON.stringify(stack), stack);
      });
      if (all.size >= 6 && all.size <= 80) out.push({ g, all });
    }
    return out;
  };
  /** Whether `a` is newer than or as new as `b` in every package and newer in one (same packages; the graph's order: index 0 newest). */
  const dominates = (g: ReturnType<typeof universe>, a: Record<string, string>, b: Record<string, string>, newer: "newest" | "oldest") => {
    const names = Object.keys(a);
    if (names.length !== Object.keys(b).length || names.some((n) => b[n] === undefined)) return false;
    const rank = (name: string, version: string) => {
      const p = g.names.indexOf(name);
      const i = g.versions.slice(g.versionStart[p], g.versionStart[p + 1]).indexOf(version);
      return newer === "newest" ? i : -i;
    };
    let strictly = false;
    for (const n of names) {
      const d = rank(n, b[n]!) - rank(n, a[n]!);
      if (d < 0) return false;
      if (d > 0) strictly = true;
    }
    return strictly;
  };

  it("newest and oldest list every stack once, each valid, never a stack after one it dominates; the same every time", () => {
    const universes = small();
    expect(universes.length).toBe(6);
    for (const { g, all } of universes) {
      for (const order of ["newest", "oldest"] as const) {
        const r = sampleStacks(g, { count: 1000, seed: 0, rule: order });
        expect(r.status).toBe("ok");
        if (r.status !== "ok") continue;
        const keys = r.stacks.map((s) => JSON.stringify(s));
        expect(new Set(keys).size).toBe(keys.length);
        expect(new Set(keys)).toEqual(new Set(all.keys()));
        for (let i = 0; i < r.stacks.length; i++) {
          for (let j = i + 1; j < r.stacks.length; j++) {
            expect(dominates(g, r.stacks[j]!, r.stacks[i]!, order), `${order}: stack ${j + 1} is ${order === "newest" ? "newer" : "older"} than stack ${i + 1}`).toBe(false);
          }
        }
        // the first few ranks are the first stacks of the whole list, whatever the seed
        expect(sampleStacks(g, { count: 3, seed: 7, rule: order })).toMatchObject({ stacks: r.stacks.slice(0, 3) });
      }
    }
  });

  it("the first newest stack is the newest-first resolution: no stack is newer in any package it holds alone", () => {
    for (const { g, all } of small()) {
      const first = sampleStacks(g, { count: 1, seed: 0, rule: "newest" });
      const last = sampleStacks(g, { count: 1, seed: 0, rule: "oldest" });
      if (first.status !== "ok" || last.status !== "ok") throw new Error("limit");
      for (const other of all.values()) {
        expect(dominates(g, other, first.stacks[0]!, "newest")).toBe(false);
        expect(dominates(g, other, last.stacks[0]!, "oldest")).toBe(false);
      }
    }
  });

  it("one-change gives exactly the stacks one version away from the base, distinct, in a seeded order", () => {
    let varied = 0;
    for (const { g, all } of small()) {
      const stacks = [...all.values()];
      for (const base of stacks.slice(0, 3)) {
        const expected = stacks.filter((s) => {
          const names = Object.keys(s);
          return names.length === Object.keys(base).length && names.every((n) => base[n] !== undefined)
            && names.filter((n) => s[n] !== base[n]).length === 1;
        }).map((s) => JSON.stringify(s)).sort();
        const a = sampleStacks(g, { count: 1000, seed: 3, rule: "one-change", base });
        const b = sampleStacks(g, { count: 1000, seed: 3, rule: "one-change", base });
        const c = sampleStacks(g, { count: 1000, seed: 4, rule: "one-change", base });
        if (a.status !== "ok" || c.status !== "ok") throw new Error("limit");
        expect(a).toEqual(b);
        expect(a.stacks.map((s) => JSON.stringify(s)).sort()).toEqual(expected);
        expect(a.total).toBe(BigInt(expected.length));
        if (expected.length > 3 && JSON.stringify(a.stacks) !== JSON.stringify(c.stacks)) varied++;
        const few = sampleStacks(g, { count: 2, seed: 3, rule: "one-change", base });
        expect(few.status === "ok" && few.stacks).toEqual(a.stacks.slice(0, 2));
      }
    }
    expect(varied).toBeGreaterThan(0);
  });

  it("replayStack accepts exactly the graph's stacks", () => {
    for (const { g, all } of small()) {
      for (const stack of all.values()) expect(replayStack(g, stack)).not.toBeNull();
      const some = [...all.values()][0]!;
      const name = Object.keys(some)[0]!;
      expect(replayStack(g, { ...some, [name]: "999.0" })).toBeNull();
      expect(replayStack(g, { ...some, "not-in-graph": "1" })).toBeNull();
    }
  });
});
