import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompiledGraph } from "../../core/graph/index.js";
import { type Predictor, type SearchReport, createAnnealing, createHillClimbing, createMcts, createRandomWalk, createTd, runSearch } from "../../core/predictor/index.js";
import { type RolloutRequest, type RolloutRunner, UNIFORM, createInProcessRunner } from "../../core/rollout/index.js";
import { flaskUniverse } from "../../test/experiment/universes.js";
import { SHARED_MISSING } from "../../test/support/shared-data.js";
import { dyadic, dyadicUniverse } from "./dyadic-universe.test-support.js";
import { RolloutPool } from "./rollout-pool.js";
import { stackRulesRunner, type StackRules } from "../../core/stack-rules/index.js";
import { randomRules } from "../../core/stack-rules/random-rules.test-support.js";
import { shareGraph, shareRulesBytes } from "./shared-graph.js";
import { INLINE_WORK, createThreadRunner, inlineBelowFor } from "./thread-runner.js";

const predictors: [string, (g: CompiledGraph, seed: number) => Predictor][] = [
  ["td", (g, seed) => createTd(g, { seed })],
  ["mcts", (g, seed) => createMcts(g, { seed })],
  ["annealing", (g, seed) => createAnnealing(g, { seed })],
  ["hill-climbing", (g, seed) => createHillClimbing(g, { seed })],
  ["random-walk", (_g, seed) => createRandomWalk({ seed })],
];

/** Universes where every predictor finds stacks and dead ends. */
const SEARCHABLE = { packages: 20, versions: 8, edgeProbability: 0.15, maskDensity: 0.7, missingProbability: 0, nonEmptyMasks: true, exclusionProbability: 0.05, extras: 2, rootRequirements: 4 };

const search = (g: CompiledGraph, make: (g: CompiledGraph, seed: number) => Predictor, seed: number, runner: RolloutRunner, budget: number): Promise<SearchReport> =>
  runSearch(make(g, seed), { budget, batchSize: 64, runner });

/** A search that counts the batches the runner answered. */
function counting(runner: RolloutRunner): RolloutRunner & { batches: number } {
  const out = { batches: 0, run: (requests: Parameters<RolloutRunner["run"]>[0]) => { out.batches++; return runner.run(requests); } };
  return out;
}

describe("createThreadRunner", () => {
  let pool: RolloutPool;
  beforeAll(() => { pool = new RolloutPool({ threads: 2 }); });
  afterAll(async () => { await pool.destroy(); });

  it("gives the same SearchReport as the in-process runner for every predictor on random universes", async () => {
    for (const seed of [2, 3, 5]) {
      const g = dyadicUniverse(seed, SEARCHABLE);
      for (const [name, make] of predictors) {
        const expected = await search(g, make, seed, createInProcessRunner(g), 1500);
        const runner = counting(createThreadRunner(pool, g, { inlineBelow: 0 }));
        const actual = await search(g, make, seed, runner, 1500);
        expect({ name, seed, report: actual }).toEqual({ name, seed, report: expected });
        expect(runner.batches).toBe(expected.batches);
        expect(expected.stacks).toBeGreaterThan(0);
        expect(expected.deadEnds).toBeGreaterThan(0);
      }
    }
    expect(pool.graphDecodes).toBeLessThanOrEqual(3 * pool.threads);
  });

  it("runs batches below inlineBelow on the calling thread, the rest on the pool", async () => {
    const g = dyadicUniverse(7, SEARCHABLE);
    const own = new RolloutPool({ threads: 1 });
    try {
      const expected = await search(g, predictors[0][1], 7, createInProcessRunner(g), 600);
      expect(await search(g, predictors[0][1], 7, createThreadRunner(own, g, { inlineBelow: 65 }), 600)).toEqual(expected);
      expect(own.graphDecodes).toBe(0);
      expect(await search(g, predictors[0][1], 7, createThreadRunner(own, g, { inlineBelow: 64 }), 600)).toEqual(expected);
      expect(own.graphDecodes).toBe(1);
    } finally {
      await own.destroy();
    }
  });

  it("inlines batches below INLINE_WORK / candidateCount requests by default", async () => {
    const g = dyadicUniverse(8, SEARCHABLE);
    const below = inlineBelowFor(g);
    expect(below).toBe(Math.ceil(INLINE_WORK / g.candidateCount));
    const own = new RolloutPool({ threads: 1 });
    try {
      const runner = createThreadRunner(own, g);
      const requests = (n: number): RolloutRequest[] => Array.from({ length: n }, (_, i) => ({ id: i, prefix: new Int32Array(0), seed: i, policy: UNIFORM }));
      expect(await runner.run(requests(below - 1))).toEqual(createInProcessRunner(g).runSync(requests(below - 1)));
      expect(own.graphDecodes).toBe(0);
      expect(await runner.run(requests(below))).toEqual(createInProcessRunner(g).runSync(requests(below)));
      expect(own.graphDecodes).toBe(1);
    } finally {
      await own.destroy();
    }
  });

  it("judges stacks on the threads when the rules travel: the in-process judged search, at k = 1 and 8, and none judged on the calling thread", async () => {
    for (const seed of [2, 3]) {
      const g = dyadicUniverse(seed, SEARCHABLE);
      const rules = randomRules(g, seed);
      let judgedHere = 0;
      const counted: StackRules = { ...rules, judgeStack: (pins, out) => { judgedHere++; rules.judgeStack(pins, out); } };
      for (const k of [1, 8]) {
        const make = (graph: CompiledGraph) => createMcts(graph, { seed, leafRollouts: k });
        const expected = await runSearch(make(g), { budget: 1500, batchSize: 64, runner: stackRulesRunner(rules, createInProcessRunner(g)) });
        const threads = stackRulesRunner(counted, createThreadRunner(pool, g, { inlineBelow: 0 }));
        expect(threads.travelled).toBe(true);
        expect(await runSearch(make(g), { budget: 1500, batchSize: 64, runner: threads })).toEqual(expected);
        expect(expected.deadEnds).toBeGreaterThan(0);
      }
      // The results themselves (judged rewards, rejections as dead ends, eager stops in `stop`) cross back from the threads whole.
      const requests: RolloutRequest[] = Array.from({ length: 200 }, (_, i) => ({ id: i, prefix: new Int32Array(0), seed: 900 + i, policy: UNIFORM, ...(i % 3 === 0 ? { rollouts: 8 } : {}) }));
      const results = await stackRulesRunner(counted, createThreadRunner(pool, g, { inlineBelow: 0 })).run(requests);
      expect(results).toEqual(createInProcessRunner(g, rules).runSync(requests));
      expect(results.some((r) => r.stop !== undefined)).toBe(true);
      expect(judgedHere).toBe(0);
    }
  });

  it("answers invalid-payload when the rules' bytes do not match their key", async () => {
    const g = dyadicUniverse(4, SEARCHABLE);
    const rules = randomRules(g, 4);
    const damaged = rules.bytes.slice();
    damaged[damaged.length - 1] ^= 1;
    const requests: RolloutRequest[] = [{ id: 1, prefix: new Int32Array(0), seed: 1, policy: UNIFORM }];
    await expect(pool.run(shareGraph(g), requests, shareRulesBytes(rules.key, damaged))).rejects.toMatchObject({ code: "invalid-payload", message: expect.stringContaining(`stack rules ${rules.key}: the bytes' key is`) });
  });

  it("refuses a negative inlineBelow, naming it", () => {
    expect(() => createThreadRunner(pool, dyadicUniverse(1), { inlineBelow: -1 })).toThrow(/inlineBelow must be >= 0, got -1/);
  });

  it("gives the same SearchReport on the Flask universe (td, mcts, annealing)", async (context) => {
    const g = await flaskUniverse((name, version) => dyadic(((hashString(`${name}==${version}`) >>> 0) % 1000) / 1000));
    if (g === null) return context.skip(SHARED_MISSING);
    for (const [name, make] of predictors.slice(0, 3)) {
      const expected = await search(g, make, 11, createInProcessRunner(g), 3000);
      const actual = await search(g, make, 11, createThreadRunner(pool, g, { inlineBelow: 0 }), 3000);
      expect({ name, report: actual }).toEqual({ name, report: expected });
      expect(expected.stacks).toBe(3000);
    }
  });
});

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}
