import { describe, expect, it } from "vitest";
import type { Advisory } from "../advisory/index.js";
import { adviseGraph } from "../advise/index.js";
import { found, type Catalog, type CandidateInfo } from "../catalog/index.js";
import { compileGraph } from "../compile/index.js";
import { packageByName } from "../graph/index.js";
import { environmentFor } from "../pep508/index.js";
import { pinnedPackages } from "../report/index.js";
import { createInProcessRunner, UNIFORM, type RolloutRequest } from "../rollout/index.js";
import { recordingCatalog } from "../catalog/index.js";
import { compileStackRules, stackRulesRunner } from "../stack-rules/index.js";
import {
  buildPipeline, builtInUnits, objectiveWeights, parseWeightFlag, weightErrorText, type ObjectiveWeights, type PipelineUnit,
} from "./index.js";

const environment = environmentFor({ python: "3.8", platform: "linux" });
const info = (version: string): CandidateInfo => ({ version, requiresPython: null, yanked: false, yankedReason: null, uploadTime: null, hashes: {} });
const table: Record<string, Record<string, string[]>> = {
  app: { "1.0": ["lib", "tool"] },
  lib: { "1.0": [], "2.0": [], "3.0": [] },
  tool: { "1.0": [], "1.1": [] },
};
const catalog: Catalog = {
  async versions(name) {
    return table[name] ? found(Object.keys(table[name]).map(info)) : { kind: "not-found", name };
  },
  async metadata(name, version) {
    const deps = table[name]?.[version];
    return deps ? found({ requiresDist: deps, requiresPython: null, providesExtra: [] }) : { kind: "not-found", name, version };
  },
};
const advisory: Advisory = {
  id: "TEST-1", aliases: [], summary: "bad", link: "https://example.org/TEST-1", severity: [],
  affected: [{ name: "lib", ranges: [], versions: ["3.0"] }],
};
const scores = new Map([["lib", new Map([["1.0", 2], ["2.0", 1], ["3.0", 0.5]])], ["tool", new Map([["1.0", 0.25]])]]);

/** Built-in units (stable: advisories, recency, scores) plus a prescription-like state step and group. */
function units(): PipelineUnit[] {
  return [
    ...builtInUnits({ recommendationType: "stable", advisories: new Map([["lib", [advisory]]]), scores }),
    { kind: "step", scope: "state", name: "Pair", term: "prescriptions", match: { name: "lib", version: "==2.0" }, resolved: [{ name: "tool", version: "==1.1" }], result: { acceptable: true, score: 4 } },
    { kind: "step", scope: "state", name: "G#0", group: "G", term: "prescriptions", match: { name: "lib", version: "==1.0" }, resolved: [{ name: "tool", version: "==1.0" }], result: { acceptable: true, score: 1 } },
    { kind: "step", scope: "state", name: "G#1", group: "G", term: "prescriptions", match: { name: "tool", version: "==1.0" }, resolved: [{ name: "lib", version: "==1.0" }], result: { acceptable: true, score: 1 } },
  ];
}

async function setup(weights: Record<string, number> = {}) {
  const all = units();
  const checked = objectiveWeights(all, weights);
  if (!checked.ok) throw new Error(weightErrorText(checked.error));
  const recording = recordingCatalog(catalog);
  const pipeline = buildPipeline({ recommendationType: "stable", environment, requirements: ["app"], units: all, releases: recording.releases, objective: checked.value });
  const out = await compileGraph(recording, { requirements: ["app"], environment, ...pipeline.hooks });
  if (!out.ok) throw new Error(out.error.message);
  return { pipeline, graph: out.graph };
}

const scoreOf = (g: Awaited<ReturnType<typeof setup>>["graph"], name: string, version: string) => {
  const p = packageByName(g, name);
  return g.score[g.versionStart[p] + g.versions.slice(g.versionStart[p], g.versionStart[p + 1]).indexOf(version)];
};

describe("objective weights", () => {
  it("accept the groups, the scoring units and step.Group names; refuse other names and bad numbers, listing the valid names", () => {
    const all = units();
    expect(objectiveWeights(all, { recency: 0, advisories: 2.5, scores: 1, prescriptions: 0, "scores-file": 3, G: 0, "G#1": 1, Pair: 0.5 }).ok).toBe(true);
    expect(objectiveWeights([], { advisories: 0 }).ok).toBe(true); // a group is a valid name even when no unit of it runs
    const unknown = objectiveWeights(all, { recencyy: 1 });
    expect(unknown.ok).toBe(false);
    if (unknown.ok) return;
    expect(unknown.error).toMatchObject({ kind: "unknown-term", name: "recencyy" });
    expect(unknown.error.valid).toEqual({
      groups: ["recency", "advisories", "scores", "prescriptions"],
      units: ["osv-advisory-penalty", "recency", "scores-file"],
      prescriptions: ["G", "G#0", "G#1", "Pair"],
    });
    expect(weightErrorText(unknown.error)).toBe(
      '"recencyy" is not a term of the objective; valid names: groups recency, advisories, scores, prescriptions; units osv-advisory-penalty, recency, scores-file; prescription units G, G#0, G#1, Pair',
    );
    // Boots, sieves, strides and wraps have no score: not terms.
    expect(objectiveWeights([{ kind: "boot", name: "b", run: () => ({ ok: true, stackInfo: [] }) }], { b: 1 }).ok).toBe(false);
    for (const bad of [-1, NaN, Infinity, -Infinity]) {
      const r = objectiveWeights(all, { recency: bad });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error).toMatchObject({ kind: "invalid-weight", name: "recency", weight: bad });
        expect(weightErrorText(r.error)).toMatch(/^the weight of "recency" must be a finite number from 0 to 1,000,000, got .*; valid names: groups recency/);
      }
    }
    const many: PipelineUnit[] = Array.from({ length: 25 }, (_, i) => ({ kind: "step", scope: "candidate", name: `P${String(i).padStart(2, "0")}`, term: "prescriptions", run: () => undefined }));
    const r = objectiveWeights(many, { nope: 1 });
    expect(!r.ok && weightErrorText(r.error)).toMatch(/prescription units P00, P01, .*, P19 and 5 more$/);
  });

  it("parse NAME=W flag values", () => {
    expect(parseWeightFlag("recency=0")).toEqual({ ok: true, value: { name: "recency", weight: 0 } });
    expect(parseWeightFlag("a=b=0.5")).toEqual({ ok: true, value: { name: "a=b", weight: 0.5 } });
    expect(parseWeightFlag("scores= 2e1 ")).toEqual({ ok: true, value: { name: "scores", weight: 20 } });
    for (const bad of ["recency", "=1", "recency=", "recency=-1", "recency=x", "recency=Infinity"]) expect(parseWeightFlag(bad).ok).toBe(false);
  });

  it("weight the static scores and the breakdown; a weight 0 removes the term from both; a unit's own weight wins over its group's", async () => {
    const plain = await setup();
    expect(scoreOf(plain.graph, "lib", "3.0")).toBeCloseTo(0 - 0.2 + 0.5, 12);
    expect(plain.pipeline.breakdown("lib", "3.0")).toEqual([{ unit: "osv-advisory-penalty", score: -0.2 }, { unit: "recency", score: 0 }, { unit: "scores-file", score: 0.5 }]);
    const w = await setup({ recency: 0, advisories: 2, scores: 0.5, "scores-file": 3 });
    expect(scoreOf(w.graph, "lib", "3.0")).toBeCloseTo(-0.4 + 1.5, 12);
    expect(scoreOf(w.graph, "lib", "1.0")).toBeCloseTo(6, 12);
    expect(scoreOf(w.graph, "tool", "1.1")).toBe(0);
    expect(w.pipeline.breakdown("lib", "3.0")).toEqual([{ unit: "osv-advisory-penalty", score: -0.4 }, { unit: "scores-file", score: 1.5 }]);
    expect(w.pipeline.score("lib", "3.0")).toBeCloseTo(1.1, 12);
    // The advisory's warning stays: a weight changes the objective, not what the report says.
    expect(w.pipeline.justifications("lib", "3.0").map((j) => j.type)).toEqual(["WARNING"]);
    expect(w.pipeline.objective.inEffect()).toEqual({ advisories: 2, prescriptions: 1, recency: 0, scores: 0.5, "scores-file": 3 });
  });

  it("weight the state steps in judgeStack and in the search's stack rules alike; weight 0 leaves no rule", async () => {
    for (const weights of [{}, { prescriptions: 0.5 }, { Pair: 3, G: 0 }, { prescriptions: 0 }] as Record<string, number>[]) {
      const { pipeline, graph } = await setup(weights);
      const rules = compileStackRules(graph, pipeline);
      const runner = stackRulesRunner(rules, createInProcessRunner(graph));
      const requests: RolloutRequest[] = Array.from({ length: 48 }, (_, i) => ({ id: i, prefix: new Int32Array(0), seed: 77 + i, policy: UNIFORM }));
      const seen = new Set<string>();
      for (const r of await runner.run(requests)) {
        if (r.kind !== "stack") throw new Error("every stack is accepted here");
        const stack = pinnedPackages(graph, r.pins);
        seen.add(JSON.stringify(stack));
        const v = pipeline.judgeStack(stack);
        expect(v.accepted && v.score).toBeCloseTo(r.reward, 12);
      }
      expect(seen.size).toBe(6);
      const w = pipeline.objective;
      const expectPair = 4 * w.weightOf({ name: "Pair", term: "prescriptions" });
      const expectGroup = 1 * w.weightOf({ name: "G#0", group: "G", term: "prescriptions" });
      const v = pipeline.judgeStack({ app: "1.0", lib: "2.0", tool: "1.1" });
      const u = pipeline.judgeStack({ app: "1.0", lib: "1.0", tool: "1.0" });
      expect(v.accepted && v.score - pipeline.score("lib", "2.0") - pipeline.score("tool", "1.1") - pipeline.score("app", "1.0")).toBeCloseTo(expectPair, 12);
      expect(u.accepted && u.score - pipeline.score("lib", "1.0") - pipeline.score("tool", "1.0") - pipeline.score("app", "1.0")).toBeCloseTo(expectGroup, 12);
      expect(rules.predicates.length).toBe((expectPair !== 0 ? 1 : 0) + (expectGroup !== 0 ? 2 : 0));
      expect(rules.empty).toBe(expectPair === 0 && expectGroup === 0);
    }
  });

  it("make the user's scores the whole objective with recency=0 and advisories=0, and the report states the weights", async () => {
    const { pipeline, graph } = await setup({ recency: 0, advisories: 0, prescriptions: 0 });
    const report = await adviseGraph(graph, pipeline, { predictor: "exact", budget: 100, count: 2, seed: 1, now: () => 0 });
    expect(report.products[0]).toMatchObject({ packages: { app: "1.0", lib: "1.0", tool: "1.0" }, score: 2.25 });
    expect(report.products[0].breakdown.lib).toEqual({ score: 2, units: { "scores-file": 2 } });
    expect(report.stats.optimal).toBe(true);
    expect(report.objective).toEqual({ weights: { advisories: 0, prescriptions: 0, recency: 0, scores: 1 } });
    const search = await adviseGraph(graph, pipeline, { predictor: "mcts", budget: 50, count: 1, seed: 1, now: () => 0 });
    expect(search.products[0].score).toBe(2.25);
  });

  it("default to weight 1 for everything (the objective of a pipeline built without weights)", async () => {
    const { pipeline } = await setup();
    const w: ObjectiveWeights = pipeline.objective;
    expect(w.identity).toBe(true);
    expect(w.inEffect()).toEqual({ advisories: 1, prescriptions: 1, recency: 1, scores: 1 });
  });
});
