import { describe, expect, it } from "vitest";
import type { Advisory } from "../advisory/index.js";
import { memoryCatalog, recordingCatalog } from "../catalog/index.js";
import { builtInUnits, type PipelineUnit } from "../pipeline/index.js";
import { resolverStack } from "../predictor/index.js";
import { adviseGraph, noStackAnswer, planAdvise, validateAdviseRequest, type AdviseRequestInput, type NoStackAnswer, type Resolvable } from "./index.js";

const table = {
  app: { "1.0": ["lib>=1"], "2.0": ["lib>=2", "extra"] },
  lib: { "1.0": [], "2.0": [], "3.0": ["extra<2"] },
  extra: { "1.0": [], "2.0": [] },
};
const advisory = (id: string, name: string, versions: string[]): Advisory => ({
  id, aliases: [], summary: "bad", link: `https://example.org/${id}`, severity: [], affected: [{ name, ranges: [], versions }],
});

function request(change: Partial<AdviseRequestInput> = {}) {
  const r = validateAdviseRequest({ requirements: ["app"], indexes: ["/memory"], python: "3.11", predictor: "exact", budget: 100, ...change });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

async function plan(change: Partial<AdviseRequestInput> = {}, units?: PipelineUnit[]) {
  const req = request(change);
  const catalog = recordingCatalog(memoryCatalog(table));
  const knowledge = { units: units ?? builtInUnits({ recommendationType: req.recommendation, scores: req.scores?.table }) };
  return { req, catalog, knowledge, planned: await planAdvise(catalog, req, knowledge) };
}

describe("planAdvise", () => {
  it("builds the pipeline and compiles the graph with its hooks; the exact search proves the best stack", async () => {
    const { req, planned } = await plan();
    if (!planned.ok) throw new Error(planned.error.message);
    expect(planned.value.graph.packageCount).toBe(4);
    expect(planned.value.warnings).toEqual([]);
    const report = await adviseGraph(planned.value.graph, planned.value.pipeline, { predictor: "exact", budget: req.budget, count: 2, seed: 0, now: () => 0 });
    expect(report.stats).toMatchObject({ predictor: "exact", optimal: true, gap: 0, stopped: "proven" });
    // Recency in [-1, 0] by version index: lib 2.0 (-0.5) with extra 2.0 beats lib 3.0, which needs extra<2 (-1).
    expect(report.products[0]).toMatchObject({ score: -0.5, packages: { app: "2.0", lib: "2.0", extra: "2.0" } });
    expect(report.products[0].breakdown.lib.units).toHaveProperty("recency");
  });

  it("names the field of an invalid requirement or constraint, and of scores for packages outside the closure", async () => {
    expect((await plan({ requirements: ["app", "lib>>1"] })).planned).toMatchObject({ ok: false, error: { code: "invalid-argument", field: "requirements[1]" } });
    expect((await plan({ constraints: ["extra=<1"] })).planned).toMatchObject({ ok: false, error: { field: "constraints[0]", message: expect.stringMatching(/invalid constraint/) } });
    const scores = { table: new Map([["nothere", new Map([["1.0", 1]])]]), source: "s.json" };
    expect((await plan({ scores })).planned).toEqual({
      ok: false, error: { code: "invalid-argument", field: "scores", message: "s.json names packages that are not in the closure of the requirements: nothere" },
    });
  });

  it("applies the objective's weights: with recency 0 the user's scores are the whole objective, and the report states them", async () => {
    const scores = { table: new Map([["lib", new Map([["1.0", 1], ["3.0", 0.25]])], ["app", new Map([["1.0", 0.5]])]]), source: "s.json" };
    const { req, planned } = await plan({ scores, weights: ["recency=0"] });
    if (!planned.ok) throw new Error(planned.error.message);
    expect(planned.value.pipeline.objective.inEffect()).toEqual({ advisories: 1, prescriptions: 1, recency: 0, scores: 1 });
    const report = await adviseGraph(planned.value.graph, planned.value.pipeline, { predictor: "exact", budget: req.budget, count: 1, seed: 0, now: () => 0 });
    expect(report.stats).toMatchObject({ optimal: true, stopped: "proven" });
    // Without recency, app 1.0 (0.5) with lib 1.0 (1) is the best stack; no recency term in the breakdown.
    expect(report.products[0]).toMatchObject({ score: 1.5, packages: { app: "1.0", lib: "1.0" } });
    expect(Object.values(report.products[0].breakdown).flatMap((b) => Object.keys(b.units))).toEqual(["scores-file", "scores-file"]);
    expect(report.objective).toEqual({ weights: { advisories: 1, prescriptions: 1, recency: 0, scores: 1 } });
    const twice = await plan({ scores, weights: [{ name: "scores-file", weight: 2 }, "recency=0"] });
    const doubled = twice.planned.ok ? await adviseGraph(twice.planned.value.graph, twice.planned.value.pipeline, { predictor: "exact", budget: 100, count: 1, seed: 0, now: () => 0 }) : null;
    expect(doubled?.products[0].score).toBe(3);
    expect(doubled?.objective?.weights).toMatchObject({ "scores-file": 2, recency: 0 });
  });

  it("refuses a weight whose name is not a term of the request's objective, listing the valid names", async () => {
    const { planned } = await plan({ weights: ["recency=0", "popularity=1"] });
    expect(planned).toEqual({
      ok: false,
      error: { code: "invalid-argument", field: "weights", message: '"popularity" is not a term of the objective; valid names: groups recency, advisories, scores, prescriptions; units recency' },
    });
    const scores = { table: new Map([["lib", new Map([["1.0", 1]])]]), source: "s.json" };
    expect((await plan({ scores, weights: ["nope=1"] })).planned).toMatchObject({ ok: false, error: { field: "weights", message: expect.stringMatching(/valid names: .*units recency, scores-file$/) } });
  });

  it("is refused by a boot unit, naming it", async () => {
    const refuse: PipelineUnit = { kind: "boot", name: "no-apps", run: () => ({ ok: false, reason: "apps are not allowed", stackInfo: [] }) };
    expect((await plan({}, [refuse])).planned).toEqual({ ok: false, error: { code: "invalid-argument", message: "no-apps: apps are not allowed" } });
  });
});

/** The answer when no stack exists; throws when the check found one. */
function noStack(answer: NoStackAnswer | Resolvable): NoStackAnswer {
  if ("resolved" in answer) throw new Error("expected no stack, the check found one");
  return answer;
}

describe("noStackAnswer", () => {
  it("lets the search run when a stack exists", async () => {
    const { req, catalog, knowledge, planned } = await plan();
    if (!planned.ok) throw new Error(planned.error.message);
    const answer = await noStackAnswer(catalog, req, planned.value, knowledge);
    // The feasibility check's stack is the resolver's newest-first one: the search starts from it without solving again.
    expect(answer).toEqual({ resolved: resolverStack(planned.value.graph) });
  });

  it("explains a request no stack satisfies, with an empty report", async () => {
    const { req, catalog, knowledge, planned } = await plan({ requirements: ["app==2.0"], constraints: ["lib<2"] });
    if (!planned.ok) throw new Error(planned.error.message);
    const answer = noStack(await noStackAnswer(catalog, req, planned.value, knowledge));
    expect(answer?.report).toMatchObject({ products: [], stats: { predictor: "exact", stacks_scored: 0, optimal: false, gap: null, stopped: "exhausted" } });
    expect(answer?.report.stack_info).toEqual(planned.value.pipeline.stackInfo);
    expect(answer?.explanation).toMatch(/lib/);
  });

  it("under security, says which packages' advisories leave no safe stack", async () => {
    const advisories = new Map([["lib", [advisory("LIB-1", "lib", ["1.0", "2.0", "3.0"])]]]);
    const req = request({ recommendation: "security" });
    const catalog = recordingCatalog(memoryCatalog(table));
    const knowledge = { units: builtInUnits({ recommendationType: "security", advisories }), advisories };
    const planned = await planAdvise(catalog, req, knowledge);
    if (!planned.ok) throw new Error(planned.error.message);
    const answer = noStack(await noStackAnswer(catalog, req, planned.value, knowledge));
    expect(answer?.report.products).toEqual([]);
    expect(answer?.explanation).toMatch(/^No stack free of known advisories exists for these requirements \(recommendation type security\)\.\nlib: all 3 usable versions have known advisories \(LIB-1\)/);
    expect(answer?.explanation).toMatch(/Least-exposed stack \(vulnerable, not recommended\): .*lib==3\.0/);
  });
});
