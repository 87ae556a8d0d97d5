import { describe, expect, it } from "vitest";
import { branchAndBound, stackScore } from "../../core/exact/index.js";
import { createHillClimbing, createMcts, createTd, runSearch } from "../../core/predictor/index.js";
import { mulberry32 } from "../../core/random/index.js";
import { createInProcessRunner } from "../../core/rollout/index.js";
import { SHARED_MISSING, sharedData } from "../support/shared-data.js";
import { flaskUniverse } from "./universes.js";

const missing = sharedData("pypi-graphs", "flask-graph.json") === null;
if (missing) console.warn(SHARED_MISSING);

/** A score per (package, version) uniform in [-1, 1] from a seeded RNG. */
function randomScores(seed: number) {
  const rnd = mulberry32(seed);
  const memo = new Map<string, number>();
  return (name: string, version: string) => {
    const key = `${name}==${version}`;
    let s = memo.get(key);
    if (s === undefined) memo.set(key, (s = 2 * rnd() - 1));
    return s;
  };
}

describe.skipIf(missing)("search on the Flask universe with random scores", () => {
  it("branch and bound proves the optimum and the top 10 (with and without a greedy start); predictors stay below it", async () => {
    const g = (await flaskUniverse(randomScores(20201028)))!;
    const a = branchAndBound(g, { topK: 10 });
    const b = branchAndBound(g, { topK: 10, greedyStart: false });
    expect(a.status).toBe("optimal");
    expect(b.status).toBe("optimal");
    if (a.status !== "optimal" || b.status !== "optimal") return;
    expect(a.top.map((s) => s.score.toFixed(9))).toEqual(b.top.map((s) => s.score.toFixed(9)));
    expect(a.top.length).toBe(10);
    for (const s of a.top) expect(stackScore(g, s.pins)).toBeCloseTo(s.score, 9);
    const optimum = a.optimum!.score;
    for (const make of [createHillClimbing, createTd, createMcts]) {
      const r = await runSearch(make(g, { seed: 1 }), { budget: 10_000, runner: createInProcessRunner(g) });
      expect(r.incumbent!.score).toBeLessThanOrEqual(optimum + 1e-9);
      expect(r.incumbent!.score).toBeGreaterThan(0.95 * optimum);
    }
  });
});
