import { describe, expect, it } from "vitest";
import { adviseGraph } from "../advise/index.js";
import { memoryCatalog, recordingCatalog } from "../catalog/index.js";
import { compileGraph } from "../compile/index.js";
import { environmentFor } from "../pep508/index.js";
import { pinnedPackages } from "../report/index.js";
import { createInProcessRunner, UNIFORM, type PortableJudge, type RolloutRequest, type RolloutRunner } from "../rollout/index.js";
import { compileStackRules, stackRulesRunner } from "./index.js";
import { buildPipeline, recencyStep, type PipelineUnit } from "../pipeline/index.js";

const environment = environmentFor({ python: "3.8", platform: "linux" });
const table: Record<string, Record<string, string[]>> = {
  app: { "1.0": ["lib", "tool"] },
  lib: { "1.0": [], "2.0": [] },
  tool: { "1.0": [], "1.1": [] },
};
const catalog = memoryCatalog(table);

/** lib 2.0 with tool 1.1 is not acceptable; lib 1.0 with tool 1.0 earns 5; a stack with lib 1.0 and tool 1.1 asks for an eager stop. */
const units: PipelineUnit[] = [
  recencyStep(),
  { kind: "step", scope: "state", name: "clash", match: { name: "lib", version: "==2.0" }, resolved: [{ name: "tool", version: "==1.1" }], result: { acceptable: false, reason: "clash" } },
  { kind: "step", scope: "state", name: "old-pair", match: { name: "lib", version: "==1.0" }, resolved: [{ name: "tool", version: "==1.0" }], result: { acceptable: true, score: 5 } },
  {
    kind: "stride", name: "stop", run: (s) => (s.lib === "1.0" && s.tool === "1.1" ? { accept: true, eagerStop: "good enough" } : { accept: true }),
    declarative: { when: [{ name: "lib", version: "==1.0" }, { name: "tool", version: "==1.1" }], decision: { accept: true, eagerStop: "good enough" } },
  },
];

async function setup(pipelineUnits: readonly PipelineUnit[] = units) {
  const recording = recordingCatalog(catalog);
  const pipeline = buildPipeline({ recommendationType: "stable", environment, requirements: ["app"], units: pipelineUnits, releases: recording.releases });
  const out = await compileGraph(recording, { requirements: ["app"], environment, ...pipeline.hooks });
  if (!out.ok) throw new Error(out.error.message);
  return { pipeline, graph: out.graph };
}

const requests = (n: number): RolloutRequest[] => Array.from({ length: n }, (_, i) => ({ id: i, prefix: new Int32Array(0), seed: 1000 + i, policy: UNIFORM }));

describe("stack rules", () => {
  it("give every rollout the reward judgeStack gives its stack; rejected stacks come back as dead ends", async () => {
    const { pipeline, graph } = await setup();
    const rules = compileStackRules(graph, pipeline);
    expect(rules.predicates.map((p) => p.unit)).toEqual(["clash", "old-pair", "stop"]);
    expect(rules.complete).toBe(true);
    const plain = await createInProcessRunner(graph).run(requests(64));
    const runner = stackRulesRunner(rules, createInProcessRunner(graph));
    const judged = await runner.run(requests(64));
    const seen = new Set<string>();
    plain.forEach((p, i) => {
      if (p.kind !== "stack") throw new Error("the tiny graph has no dead end");
      const stack = pinnedPackages(graph, p.pins);
      seen.add(JSON.stringify(stack));
      const v = pipeline.judgeStack(stack);
      const j = judged[i];
      if (!v.accepted) {
        expect(j).toMatchObject({ kind: "dead-end", reward: rules.rejectedReward });
        expect(v.unit).toBe("clash");
      } else {
        expect(j.kind).toBe("stack");
        expect(j.reward).toBeCloseTo(v.score, 12);
      }
    });
    expect(seen.size).toBe(4);
    expect(rules.rejectedReward).toBeLessThan(Math.min(...judged.filter((r) => r.kind === "stack").map((r) => r.reward)));
    // A stop counts once its batch is absorbed (the search's batch order), not when it is answered.
    expect(runner.stopRequested()).toBeUndefined();
    runner.absorbed(judged);
    expect(runner.stopRequested()).toEqual({ unit: "stop", reason: "good enough" });
  });

  it("let the search optimise the product score: the advise's best product is the best accepted stack", async () => {
    const { pipeline, graph } = await setup();
    // adviseGraph wraps any runner with the stack rules itself.
    const report = await adviseGraph(graph, pipeline, { predictor: "mcts", budget: 200, count: 3, seed: 1, now: () => 0, runner: createInProcessRunner(graph) });
    // Static (recency) scores: lib 2.0 with tool 1.1 is best at 0, but rejected; lib 1.0 with tool 1.0 is -2 + 5.
    expect(report.products[0]).toMatchObject({ packages: { app: "1.0", lib: "1.0", tool: "1.0" }, score: 3 });
    expect(report.products.slice(1).map((p) => `${p.packages.lib}/${p.packages.tool}=${p.score}`).sort()).toEqual(["1.0/1.1=-1", "2.0/1.0=-1"]);
  });

  it("let exact prove the optimum of the product score, with its bound", async () => {
    const { pipeline, graph } = await setup(units.filter((u) => u.name !== "stop"));
    const report = await adviseGraph(graph, pipeline, { predictor: "exact", budget: 200, count: 3, seed: 1, now: () => 0 });
    // Static (recency) scores alone would prove lib 2.0 with tool 1.1 (rejected); the product score's optimum is 3.
    expect(report.products.map((p) => `${p.packages.lib}/${p.packages.tool}=${p.score}`)).toEqual(["1.0/1.0=3", "1.0/1.1=-1", "2.0/1.0=-1"]);
    expect(report.stats).toMatchObject({ optimal: true, gap: 0, upper_bound: 3, stopped: "proven" });
    for (const p of report.products) expect(pipeline.judgeStack(p.packages).accepted).toBe(true);
  });

  it("let exact run function-only strides on every stack it finds: the proof covers the stacks they accept", async () => {
    const veto: PipelineUnit = { kind: "stride", name: "veto", run: (s) => (s.lib === "1.0" && s.tool === "1.0" ? { accept: false, reason: "no" } : { accept: true }) };
    const { pipeline, graph } = await setup([...units.filter((u) => u.name !== "stop"), veto]);
    expect(compileStackRules(graph, pipeline).complete).toBe(false);
    const report = await adviseGraph(graph, pipeline, { predictor: "exact", budget: 200, count: 3, seed: 1, now: () => 0 });
    // lib 1.0 with tool 1.0 (3) is vetoed and lib 2.0 with tool 1.1 rejected by "clash": two stacks are left, at -1.
    expect(report.products.map((p) => `${p.packages.lib}/${p.packages.tool}=${p.score}`).sort()).toEqual(["1.0/1.1=-1", "2.0/1.0=-1"]);
    expect(report.stats).toMatchObject({ optimal: true, gap: 0, upper_bound: -1, stopped: "proven" });
  });

  it("let exact end at an eager stop with a proven bound on the product score", async () => {
    const { pipeline, graph } = await setup();
    const report = await adviseGraph(graph, pipeline, { predictor: "exact", budget: 200, count: 3, seed: 1, now: () => 0 });
    // The stride's stack (lib 1.0, tool 1.1) is among the top 3, so the search meets it and stops there.
    expect(report.stats).toMatchObject({ optimal: false, stopped: "eager-stop" });
    const upper = report.stats.upper_bound as number;
    expect(upper).toBeGreaterThanOrEqual(3);
    expect(report.stats.gap).toBeCloseTo(upper - report.products[0].score, 9);
  });

  it("travel to a runner that takes them: the search calls only the judging runner (k as asked), and the report is the one the coordinator's judging gives at k = 1", async () => {
    const { pipeline, graph } = await setup();
    const calls = { plain: 0, judging: 0, runs: 0, maxK: 1 };
    let given: PortableJudge | undefined;
    const inProcess = createInProcessRunner(graph);
    const taking: RolloutRunner = {
      run: (requests) => { calls.plain++; return inProcess.run(requests); },
      judging: (rules) => {
        calls.judging++;
        given = rules;
        const judged = inProcess.judging(rules);
        return { run: (requests) => { calls.runs++; for (const q of requests) calls.maxK = Math.max(calls.maxK, q.rollouts ?? 1); return judged.run(requests); } };
      },
    };
    const options = { predictor: "mcts" as const, budget: 200, count: 3, seed: 1, now: () => 0 };
    const travelled = await adviseGraph(graph, pipeline, { ...options, runner: taking, leafRollouts: 4 });
    expect(calls).toMatchObject({ plain: 0, judging: 1, maxK: 4 });
    expect(calls.runs).toBeGreaterThan(0);
    expect(given!.key).toBe(compileStackRules(graph, pipeline).key);
    // A runner without `judging`: the coordinator judges, one rollout per request; the same best product.
    const plainOnly: RolloutRunner = { run: (requests) => { for (const q of requests) expect(q.rollouts ?? 1).toBe(1); return inProcess.run(requests); } };
    const here = await adviseGraph(graph, pipeline, { ...options, runner: plainOnly, leafRollouts: 4 });
    expect(here.products[0]).toEqual(travelled.products[0]);
    expect(await adviseGraph(graph, pipeline, { ...options, runner: taking })).toEqual(await adviseGraph(graph, pipeline, { ...options, runner: plainOnly }));
  });

  it("stay on the coordinator with function-only strides (incomplete rules): the runner is wrapped, requests are one rollout", async () => {
    const veto: PipelineUnit = { kind: "stride", name: "veto", run: (s) => (s.lib === "1.0" && s.tool === "1.0" ? { accept: false, reason: "no" } : { accept: true }) };
    const { pipeline, graph } = await setup([...units, veto]);
    const rules = compileStackRules(graph, pipeline);
    expect(rules.complete).toBe(false);
    let judging = 0;
    const inProcess = createInProcessRunner(graph);
    const runner: RolloutRunner = {
      run: (requests) => { for (const q of requests) expect(q.rollouts ?? 1).toBe(1); return inProcess.run(requests); },
      judging: (r) => { judging++; return inProcess.judging(r); },
    };
    expect(stackRulesRunner(rules, runner).travelled).toBe(false);
    await adviseGraph(graph, pipeline, { predictor: "mcts", budget: 100, count: 3, seed: 1, now: () => 0, runner, leafRollouts: 8 });
    expect(judging).toBe(0);
  });

  it("are empty (and the runner a pass-through) when the pipeline has nothing state-dependent", async () => {
    const recording = recordingCatalog(catalog);
    const pipeline = buildPipeline({ recommendationType: "stable", environment, requirements: ["app"], units: [recencyStep()], releases: recording.releases });
    const out = await compileGraph(recording, { requirements: ["app"], environment, ...pipeline.hooks });
    if (!out.ok) throw new Error(out.error.message);
    const rules = compileStackRules(out.graph, pipeline);
    expect(rules.empty).toBe(true);
    const inner = createInProcessRunner(out.graph);
    expect(await stackRulesRunner(rules, inner).run(requests(8))).toEqual(await inner.run(requests(8)));
  });
});
