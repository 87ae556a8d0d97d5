import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forEachStack } from "../count/enumerate-stacks.js";
import { buildGraph } from "../graph/build.js";
import { ROOT, type CompiledGraph } from "../graph/compiled-graph.js";
import { createStackRules, stackRulesRunner, type StackRules, type StatePredicate } from "../stack-rules/index.js";
import { runSearch } from "../predictor/index.js";
import { mulberry32 } from "../random/index.js";
import { randomUniverse, solve } from "../resolver/index.js";
import { createInProcessRunner, type RolloutRunner } from "../rollout/index.js";
import { ROLLOUT_PREDICTOR_NAMES, createPredictor } from "./predictor-choice.js";

const ROLLOUT_PREDICTORS = ROLLOUT_PREDICTOR_NAMES;

/** Objectives over one universe: the graph's scores replaced, and optional random stack rules. */
type Objective = (g: CompiledGraph, rnd: () => number) => { graph: CompiledGraph; rules: StackRules | null };

const withScores = (g: CompiledGraph, f: (c: number) => number): CompiledGraph => ({ ...g, score: Float64Array.from({ length: g.candidateCount }, (_, c) => f(c)) });

/** Newest is best: (i / (n - 1)) - 1 by version index within each package, as recency. */
const recencyLike = (g: CompiledGraph) => withScores(g, (c) => {
  const p = g.packageOf[c];
  const n = g.versionStart[p + 1] - g.versionStart[p];
  return n === 1 ? 0 : -(c - g.versionStart[p]) / (n - 1);
});

/** Random pair terms between a candidate and versions of a package it depends on: a score in [-1, 1], or (1 in 5) a rejection. */
function randomRules(g: CompiledGraph, rnd: () => number): StackRules {
  const predicates: StatePredicate[] = [];
  for (let c = 0; c < g.candidateCount; c++) {
    for (let e = g.edgeStart[c]; e < g.edgeStart[c + 1]; e++) {
      if (rnd() > 0.4) continue;
      const q = g.edgeTarget[e];
      const mask = new Uint32Array(g.maskWords[q]);
      for (let v = 0; v < g.versionStart[q + 1] - g.versionStart[q]; v++) if (rnd() < 0.5) mask[v >>> 5] |= 1 << (v & 31);
      const result = rnd() < 0.2 ? { acceptable: false as const, reason: "pair" } : { acceptable: true as const, score: 2 * rnd() - 1 };
      predicates.push({ unit: `pair-${predicates.length}`, candidates: Int32Array.of(c), resolved: [{ package: q, mask }], result });
    }
  }
  return createStackRules(g, predicates);
}

const objectives: Record<string, Objective> = {
  "random additive": (g, rnd) => ({ graph: withScores(g, () => 2 * rnd() - 1), rules: null }),
  "recency-like": (g) => ({ graph: recencyLike(g), rules: null }),
  "recency-like + random stack rules": (g, rnd) => {
    const graph = recencyLike(g);
    return { graph, rules: randomRules(graph, rnd) };
  },
  "random additive + random stack rules": (g, rnd) => {
    const graph = withScores(g, () => 2 * rnd() - 1);
    return { graph, rules: randomRules(graph, rnd) };
  },
};

const universe = (seed: number) =>
  buildGraph(randomUniverse(seed, { packages: 9, versions: 6, edgeProbability: 0.3, maskDensity: 0.7, exclusionProbability: 0.05, extras: 1, rootRequirements: 3, cycles: seed % 3 === 0 }));

const runnerFor = (graph: CompiledGraph, rules: StackRules | null): RolloutRunner =>
  rules === null ? createInProcessRunner(graph) : stackRulesRunner(rules, createInProcessRunner(graph));

describe("createPredictor", () => {
  it("scores the resolver's newest-first stack first: every predictor's incumbent is never below latest's, stack rules included", async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1 << 30 }), fc.constantFrom(...Object.keys(objectives)), fc.integer({ min: 1, max: 300 }), async (seed, objective, budget) => {
        const { graph, rules } = objectives[objective](universe(seed), mulberry32(seed ^ 0x5eed));
        const latest = await runSearch(createPredictor("latest", graph, seed, 5), { budget, batchSize: 16, runner: runnerFor(graph, rules) });
        const resolved = solve(graph);
        expect(latest.incumbent === null || resolved.status === "resolved").toBe(true);
        for (const name of ROLLOUT_PREDICTORS) {
          const r = await runSearch(createPredictor(name, graph, seed, 5), { budget, batchSize: 16, runner: runnerFor(graph, rules) });
          if (latest.incumbent === null) continue;
          compared++;
          expect(r.incumbent, `${name}, ${objective}, budget ${budget}`).not.toBeNull();
          expect(r.incumbent!.score, `${name}, ${objective}, budget ${budget}`).toBeGreaterThanOrEqual(latest.incumbent.score);
          // The first stack scored is the resolver's (the trace starts with its reward).
          expect(r.trace[0], name).toEqual({ stacks: 1, score: latest.incumbent.score });
          if (budget === 1) expect(Array.from(r.incumbent!.pins)).toEqual(Array.from(latest.incumbent.pins));
        }
      }),
      { numRuns: 60, seed: 13 },
    );
    expect(compared).toBeGreaterThan(100);
  });

  it("lets state-dependent rules steer the learning predictors through the reward: they reach the optimum of static scores plus random stack rules", async () => {
    const universes: number[] = [];
    const missed: Record<string, number[]> = { mcts: [], td: [], annealing: [], "hill-climbing": [] };
    for (let seed = 1; seed <= 30; seed++) {
      const { graph, rules } = objectives["random additive + random stack rules"](universe(seed * 37), mulberry32(seed));
      if (rules === null) throw new Error("unreachable");
      let optimum = -Infinity;
      forEachStack(graph, (pins, score) => {
        const j = rules.judge(pins);
        if (j.accepted) optimum = Math.max(optimum, score + j.score);
      });
      if (optimum === -Infinity) continue;
      universes.push(seed * 37);
      for (const name of ["mcts", "td", "annealing", "hill-climbing"] as const) {
        const r = await runSearch(createPredictor(name, graph, seed, 3), { budget: 3000, batchSize: 32, runner: runnerFor(graph, rules) });
        if (Math.abs((r.incumbent?.score ?? -Infinity) - optimum) > 1e-9) missed[name].push(seed * 37);
      }
    }
    expect(universes.length).toBeGreaterThanOrEqual(8);
    // Heavy rejection rules make some optima hard to reach by local moves alone: annealing and
    // hill climbing may miss one within this budget (universe 296: the path from the local
    // optimum goes through stacks the rules reject; annealing gets there after about 30,000).
    for (const [name, seeds] of Object.entries(missed)) expect(seeds.length, `${name} missed ${seeds.join(", ")}`).toBeLessThanOrEqual(name === "mcts" || name === "td" ? 0 : 1);
  });

  it("takes other start stacks when given (none: no resolver stack first)", async () => {
    const g = universe(4);
    const resolved = solve(g);
    if (resolved.status !== "resolved") throw new Error("universe 4 resolves");
    const other = createPredictor("random-walk", g, 1, 3, []).planBatch(4);
    expect(other.every((r) => r.policy.kind === "uniform")).toBe(true);
    const first = createPredictor("mcts", g, 1, 3).planBatch(4)[0];
    expect(first.policy).toEqual({ kind: "prefer", versions: resolved.pins });
    expect(resolved.pins[ROOT]).toBe(0);
  });
});
