import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildGraph } from "../graph/build.js";
import type { CompiledGraph } from "../graph/compiled-graph.js";
import { mulberry32 } from "../random/index.js";
import { randomUniverse } from "../resolver/random-universe.js";
import type { RolloutRequest, RolloutResult } from "../rollout/rollout-request.js";
import { createInProcessRunner, type RolloutRunner } from "../rollout/rollout-runner.js";
import { createAnnealing } from "./annealing.js";
import { createHillClimbing } from "./hill-climbing.js";
import { createMcts } from "./mcts.js";
import type { Predictor } from "./predictor.js";
import { runSearch, type SearchReport } from "./run-search.js";
import { resolverStack } from "./start-stacks.js";
import { createTd } from "./td.js";

const makers: Record<string, (g: CompiledGraph, seed: number) => Predictor> = {
  mcts: (g, seed) => createMcts(g, { seed }),
  td: (g, seed) => createTd(g, { seed, horizon: 400 }),
  annealing: (g, seed) => createAnnealing(g, { seed, horizon: 400 }),
  "hill-climbing": (g, seed) => createHillClimbing(g, { seed, patience: 50 }),
};

const universe = (seed: number) =>
  buildGraph(randomUniverse(seed, { packages: 8, versions: 5, edgeProbability: 0.25, maskDensity: 0.7, exclusionProbability: 0.05, extras: 1, rootRequirements: 3, cycles: seed % 2 === 0 }));

/**
 * A runner that answers each batch after a random delay (so later batches often come back first),
 * computing the results only when it answers: what a cluster of workers does.
 */
function shuffledRunner(graph: CompiledGraph, seed: number): RolloutRunner & { readonly maxOutstanding: number } {
  const inner = createInProcessRunner(graph);
  const random = mulberry32(seed);
  let outstanding = 0;
  let maxOutstanding = 0;
  return {
    get maxOutstanding() { return maxOutstanding; },
    run(requests: readonly RolloutRequest[]) {
      // Copied now, as a real runner encodes its batch when it is handed over.
      const copy = requests.map((r) => ({ ...r, prefix: r.prefix.slice(), policy: r.policy.kind === "softmax" ? { ...r.policy, values: r.policy.values.slice() } : r.policy }));
      outstanding++;
      maxOutstanding = Math.max(maxOutstanding, outstanding);
      return new Promise<RolloutResult[]>((resolve) => setTimeout(() => { outstanding--; resolve(inner.runSync(copy)); }, Math.floor(random() * 4)));
    },
  };
}

const summary = (r: SearchReport) => ({ trace: r.trace, stacks: r.stacks, deadEnds: r.deadEnds, batches: r.batches, stopped: r.stopped, top: r.top.map((s) => [s.score, Array.from(s.pins)]) });

describe("runSearch with batches in flight", () => {
  for (const [name, make] of Object.entries(makers)) {
    it(`${name}: same seed and in-flight depth, same report whatever order batches are answered in`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 1 << 30 }), fc.integer({ min: 2, max: 6 }), async (seed, depth) => {
          const g = universe(seed);
          const options = { budget: 200, batchSize: 8, inFlight: depth };
          const inProcess = await runSearch(make(g, 3), { ...options, runner: createInProcessRunner(g) });
          const runner = shuffledRunner(g, seed);
          const shuffled = await runSearch(make(g, 3), { ...options, runner });
          expect(summary(shuffled)).toEqual(summary(inProcess));
          if (inProcess.batches > depth) expect(runner.maxOutstanding).toBeGreaterThan(1);
          expect(runner.maxOutstanding).toBeLessThanOrEqual(depth);
        }),
        { numRuns: 8 },
      );
    });
  }

  it("plans batch n + D only after batch n is absorbed, and absorbs in batch order", async () => {
    const g = buildGraph(randomUniverse(7, { packages: 12, versions: 6, edgeProbability: 0.2, maskDensity: 0.8, exclusionProbability: 0, extras: 0, rootRequirements: 5, cycles: false }));
    const inner = createMcts(g, { seed: 1 });
    const events: string[] = [];
    let planned = 0;
    const firstIds: number[] = [];
    const predictor: Predictor = {
      name: "logged", incumbent: inner.incumbent, top: inner.top,
      planBatch(n) { const out = inner.planBatch(n); if (out.length > 0) { events.push(`plan ${planned++}`); firstIds.push(out[0].id); } return out; },
      absorb(results) { events.push(`absorb ${firstIds.indexOf(results[0].id)}`); inner.absorb(results); },
    };
    const report = await runSearch(predictor, { budget: 60, batchSize: 6, inFlight: 3, runner: shuffledRunner(g, 2) });
    expect(report.batches).toBeGreaterThan(4);
    expect(events.slice(0, 5)).toEqual(["plan 0", "plan 1", "plan 2", "absorb 0", "plan 3"]);
    const absorbs = events.filter((e) => e.startsWith("absorb")).map((e) => Number(e.split(" ")[1]));
    expect(absorbs).toEqual(absorbs.map((_, i) => i));
    for (let n = 0; n + 3 < planned; n++) expect(events.indexOf(`plan ${n + 3}`)).toBeGreaterThan(events.indexOf(`absorb ${n}`));
  });

  it("depth 1 is the plain loop: one batch at a time", async () => {
    const g = universe(3);
    const runner = shuffledRunner(g, 1);
    const a = await runSearch(createTd(g, { seed: 5 }), { budget: 150, batchSize: 10, runner });
    const b = await runSearch(createTd(g, { seed: 5 }), { budget: 150, batchSize: 10, inFlight: 1, runner: createInProcessRunner(g) });
    expect(runner.maxOutstanding).toBe(1);
    expect(summary(a)).toEqual(summary(b));
  });

  it("never spends more than the budget of stacks, and drains the batches in flight when asked to stop", async () => {
    const g = universe(11);
    const report = await runSearch(createMcts(g, { seed: 2 }), { budget: 100, batchSize: 16, inFlight: 4, runner: shuffledRunner(g, 3) });
    expect(report.stacks).toBeLessThanOrEqual(100);
    let asks = 0;
    const stopped = await runSearch(createMcts(g, { seed: 2 }), { budget: 10_000, batchSize: 16, inFlight: 4, runner: shuffledRunner(g, 3), shouldStop: () => ++asks > 6 });
    expect(stopped.stopped).toBe("stopped");
    // The first batch is planned before the first ask; each of the 6 asks that said go planned one more.
    expect(stopped.batches).toBe(7);
  });

  it("runs its first batch even when told to stop at once: the start stacks (the resolver's) are scored", async () => {
    const g = universe(11);
    const start = resolverStack(g);
    if (start === null) throw new Error("the universe has a stack");
    const stopped = await runSearch(createMcts(g, { seed: 2, starts: [start] }), { budget: 10_000, batchSize: 16, inFlight: 4, runner: shuffledRunner(g, 3), shouldStop: () => true });
    expect(stopped).toMatchObject({ stopped: "stopped", batches: 1 });
    const [scored] = await createInProcessRunner(g).run([{ id: 0, prefix: new Int32Array(0), seed: 1, policy: { kind: "prefer", versions: start } }]);
    if (scored.kind !== "stack") throw new Error("the resolver's stack scores");
    expect(stopped.incumbent?.score).toBeGreaterThanOrEqual(scored.reward);
  });

  it("a failed batch rejects the search, even behind batches still in flight", async () => {
    const g = universe(5);
    let calls = 0;
    const inner = createInProcessRunner(g);
    const runner: RolloutRunner = { run: (r) => (++calls === 2 ? Promise.reject(new Error("worker lost")) : inner.run(r)) };
    await expect(runSearch(createMcts(g, { seed: 1 }), { budget: 500, batchSize: 8, inFlight: 3, runner })).rejects.toThrow("worker lost");
  });

  it("refuses an in-flight depth outside 1..64", async () => {
    const g = universe(5);
    for (const inFlight of [0, 65, 1.5]) {
      await expect(runSearch(createMcts(g, { seed: 1 }), { budget: 10, inFlight, runner: createInProcessRunner(g) })).rejects.toThrow(/inFlight must be an integer from 1 to 64/);
    }
  });
});

describe("runSearch with leaf parallelism (k rollouts per request)", () => {
  const leafMakers: Record<string, (g: CompiledGraph, seed: number, k: number) => Predictor> = {
    mcts: (g, seed, k) => createMcts(g, { seed, leafRollouts: k }),
    td: (g, seed, k) => createTd(g, { seed, horizon: 400, leafRollouts: k }),
  };
  for (const [name, make] of Object.entries(leafMakers)) {
    it(`${name}: a batch counts rollouts (requests ask for k each), the budget is spent exactly, and the report does not depend on the order batches are answered in`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 1 << 30 }), fc.constantFrom(2, 5, 8), fc.integer({ min: 1, max: 3 }), async (seed, k, depth) => {
          const g = universe(seed);
          const requests: number[] = [];
          const inner = createInProcessRunner(g);
          const counting: RolloutRunner = { run: (r) => { requests.push(r.length); for (const q of r) expect(q.rollouts ?? 1).toBeLessThanOrEqual(k); return inner.run(r); } };
          const options = { budget: 300, batchSize: 24, inFlight: depth };
          const inProcess = await runSearch(make(g, 3, k), { ...options, runner: counting });
          const shuffled = await runSearch(make(g, 3, k), { ...options, runner: shuffledRunner(g, seed) });
          expect(summary(shuffled)).toEqual(summary(inProcess));
          expect(inProcess.stacks).toBeLessThanOrEqual(300);
          if (inProcess.stopped === "budget") expect(inProcess.stacks).toBe(300);
          // Fewer requests than rollouts: the coordinator's work per stack falls.
          if (inProcess.batches > 2) expect(requests.slice(1).some((n) => n < 24)).toBe(true);
        }),
        { numRuns: 6 },
      );
    });
  }

  it("mcts: k = 1 plans exactly what it planned before (no rollouts field), k > 1 asks for k from tree leaves and one per start or move", () => {
    const g = universe(4);
    const a = createMcts(g, { seed: 7 });
    const b = createMcts(g, { seed: 7, leafRollouts: 1 });
    expect(b.planBatch(16)).toEqual(a.planBatch(16));
    const c = createMcts(g, { seed: 7, leafRollouts: 4, starts: [new Int32Array(g.packageCount).fill(0)] });
    const batch = c.planBatch(16);
    expect(batch[0].rollouts).toBeUndefined();
    expect(batch.reduce((s, q) => s + (q.rollouts ?? 1), 0)).toBeLessThanOrEqual(16);
    expect(batch.some((q) => q.rollouts === 4)).toBe(true);
    expect(() => createTd(g, { seed: 1, leafRollouts: 0 })).toThrow(/leafRollouts must be an integer from 1 to 1024/);
  });

  it("mcts with k = 8 finds a stack whenever k = 1 does", async () => {
    const g = universe(9);
    const report = await runSearch(createMcts(g, { seed: 1, leafRollouts: 8 }), { budget: 400, batchSize: 64, runner: createInProcessRunner(g) });
    const plain = await runSearch(createMcts(g, { seed: 1 }), { budget: 400, batchSize: 64, runner: createInProcessRunner(g) });
    if (plain.incumbent !== null) expect(report.incumbent).not.toBeNull();
  });
});
