import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forEachStack } from "../count/enumerate-stacks.js";
import { buildGraph } from "../graph/build.js";
import type { CompiledGraph } from "../graph/compiled-graph.js";
import { randomUniverse } from "../resolver/random-universe.js";
import { solve } from "../resolver/solve.js";
import { createInProcessRunner } from "../rollout/rollout-runner.js";
import { createAnnealing } from "./annealing.js";
import { createHillClimbing } from "./hill-climbing.js";
import { createLatest } from "./latest.js";
import { createMcts } from "./mcts.js";
import type { Predictor } from "./predictor.js";
import { createRandomWalk } from "./random-walk.js";
import { runSearch } from "./run-search.js";
import { createTd } from "./td.js";
import { isStack, scoreOf } from "../../test/support/stack-oracle.js";


const makers: Record<string, (g: CompiledGraph, seed: number) => Predictor> = {
  "random-walk": (_g, seed) => createRandomWalk({ seed }),
  "hill-climbing": (g, seed) => createHillClimbing(g, { seed, patience: 50 }),
  annealing: (g, seed) => createAnnealing(g, { seed, horizon: 400 }),
  td: (g, seed) => createTd(g, { seed, horizon: 400 }),
  mcts: (g, seed) => createMcts(g, { seed }),
  latest: (g, seed) => createLatest(g, { seed }),
};

const universe = (seed: number) =>
  buildGraph(randomUniverse(seed, { packages: 8, versions: 5, edgeProbability: 0.25, maskDensity: 0.7, exclusionProbability: 0.05, extras: 1, rootRequirements: 3, cycles: seed % 2 === 0 }));

describe("predictors", () => {
  for (const [name, make] of Object.entries(makers)) {
    it(`${name}: top stacks are distinct valid stacks, best first, scored by graph.score; same seed, same report`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 1 << 30 }), async (seed) => {
          const g = universe(seed);
          const a = await runSearch(make(g, 3), { budget: 300, batchSize: 16, runner: createInProcessRunner(g) });
          const b = await runSearch(make(g, 3), { budget: 300, batchSize: 16, runner: createInProcessRunner(g) });
          expect(b.trace).toEqual(a.trace);
          expect(b.top.map((s) => s.score)).toEqual(a.top.map((s) => s.score));
          const keys = new Set(a.top.map((s) => s.pins.join(",")));
          expect(keys.size).toBe(a.top.length);
          for (let i = 0; i < a.top.length; i++) {
            expect(isStack(g, a.top[i].pins)).toBe(true);
            expect(a.top[i].score).toBeCloseTo(scoreOf(g, a.top[i].pins), 9);
            if (i > 0) expect(a.top[i].score).toBeLessThanOrEqual(a.top[i - 1].score);
          }
          let optimum = -Infinity;
          const count = forEachStack(g, (_p, s) => { optimum = Math.max(optimum, s); });
          if (count === 0) expect(a.incumbent).toBeNull();
          else if (a.incumbent) expect(a.incumbent.score).toBeLessThanOrEqual(optimum + 1e-9);
          if (name === "latest" && count > 0) {
            const r = solve(g);
            expect(r.status === "resolved" && Array.from(a.incumbent?.pins ?? [])).toEqual(Array.from(r.status === "resolved" ? r.pins : []));
          }
          if (name === "mcts" && count > 0 && count < 200) {
            // Fewer stacks than the budget: the tree closes after enumerating them all.
            expect(a.stopped).toBe("exhausted");
            expect(a.incumbent?.score).toBeCloseTo(optimum, 9);
          }
        }),
        { numRuns: 15, seed: 11 },
      );
    });
  }

  it("mcts: virtual loss spreads one batch over distinct prefixes", () => {
    const pkg = (name: string, n: number) => ({ name, versions: Array.from({ length: n }, (_, i) => ({ version: `${n - i}.0`, deps: [] })) });
    const all = (name: string, n: number) => ({ target: name, allowed: Array.from({ length: n }, (_, i) => `${n - i}.0`), spec: name });
    const g = buildGraph({ root: [all("a", 8), all("b", 8)], packages: [pkg("a", 8), pkg("b", 8)] });
    const m = createMcts(g, { seed: 1 });
    const batch = m.planBatch(8);
    expect(new Set(batch.map((r) => Array.from(r.prefix).join(","))).size).toBe(8);
  });

  it("random-walk, hill-climbing, annealing, td and mcts find the optimum of small universes with a generous budget", async () => {
    for (let seed = 1; seed <= 4; seed++) {
      const g = universe(seed * 101);
      let optimum = -Infinity;
      if (forEachStack(g, (_p, s) => { optimum = Math.max(optimum, s); }) === 0) continue;
      for (const name of ["hill-climbing", "annealing", "td", "mcts"]) {
        const r = await runSearch(makers[name](g, seed), { budget: 3000, batchSize: 32, runner: createInProcessRunner(g) });
        expect(r.incumbent?.score, `${name} seed ${seed}`).toBeCloseTo(optimum, 9);
      }
    }
  });
});
