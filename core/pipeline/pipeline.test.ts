import { describe, expect, it } from "vitest";
import type { Advisory } from "../advisory/index.js";
import { memoryCatalog, recordingCatalog } from "../catalog/index.js";
import { compileGraph } from "../compile/index.js";
import { Exclusion, packageByName } from "../graph/index.js";
import { environmentFor } from "../pep508/index.js";
import { highestScoreFirst, solve } from "../resolver/index.js";
import { pinnedPackages } from "../report/index.js";
import { advisoriesAffecting, buildPipeline, builtInUnits, recencyStep, scoresStep, unknownScoredPackages, userStackStep, type PipelineUnit } from "./index.js";
import { canonicalJustifications } from "../justification/index.js";
import { compileStatePredicates, predicateApplies } from "../stack-rules/index.js";

type Table = Record<string, Record<string, string[]>>;
const catalogOf = (table: Table) => memoryCatalog(table);

const environment = environmentFor({ python: "3.8", platform: "linux" });
const table: Table = { app: { "1.0": ["lib>=1"], "2.0": ["lib>=1"] }, lib: { "1.0": [], "1.1": [], "2.0": [] } };
const advisory: Advisory = {
  id: "TEST-1", aliases: ["CVE-1"], summary: "bad", link: "https://example.org/TEST-1", severity: [],
  affected: [{ name: "lib", ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1.1" }] }], versions: ["2.0"] }],
};
const advisories = new Map([["lib", [advisory]]]);

async function compileWith(units: PipelineUnit[], type: "latest" | "stable" | "security" = "stable", requirements = ["app"]) {
  const catalog = recordingCatalog(catalogOf(table));
  const pipeline = buildPipeline({ recommendationType: type, environment, requirements, units, releases: catalog.releases });
  const out = await compileGraph(catalog, { requirements, environment, ...pipeline.hooks });
  if (!out.ok) throw new Error(out.error.message);
  return { pipeline, graph: out.graph };
}

describe("unit kinds", () => {
  it("boot units run once at build time and give stack info, or refuse the request", () => {
    let runs = 0;
    const p = buildPipeline({
      recommendationType: "stable", environment, requirements: [],
      units: [
        { kind: "boot", name: "b1", run: (c) => { runs++; return { ok: true, stackInfo: [{ type: "INFO", message: `type ${c.recommendationType}` }] }; } },
        { kind: "boot", name: "b2", run: () => ({ ok: false, reason: "no", stackInfo: [{ type: "ERROR", message: "refused" }] }) },
      ],
    });
    expect(runs).toBe(1);
    expect(p.stackInfo).toEqual([{ type: "ERROR", message: "refused" }, { type: "INFO", message: "type stable" }]);
    expect(p.refused).toEqual({ unit: "b2", reason: "no" });
  });

  it("sieves remove candidates from the compiled graph with their reason", async () => {
    const { pipeline, graph } = await compileWith([{ kind: "sieve", name: "no-lib-2", run: (n, v) => (n === "lib" && v === "2.0" ? { keep: false, reason: "too new" } : { keep: true }) }]);
    const lib = packageByName(graph, "lib");
    expect(graph.exclusion[graph.versionStart[lib]]).toBe(Exclusion.Sieve);
    expect(pipeline.verdict("lib", "2.0")).toEqual({ kept: false, unit: "no-lib-2", reason: "too new", justifications: [] });
  });

  it("static steps are precomputed into graph.score, with a per-unit breakdown; not acceptable removes", async () => {
    const units: PipelineUnit[] = [
      { kind: "step", scope: "candidate", name: "one", run: (n) => (n === "lib" ? { acceptable: true, score: 1 } : undefined) },
      { kind: "step", scope: "candidate", name: "half", run: (n, v) => (v === "1.0" && n === "lib" ? { acceptable: false, reason: "broken" } : { acceptable: true, score: 0.5 }) },
    ];
    const { pipeline, graph } = await compileWith(units);
    const lib = packageByName(graph, "lib");
    const s = graph.versionStart[lib];
    expect([...graph.score.slice(s, s + 3)]).toEqual([1.5, 1.5, 0]);
    expect(graph.exclusion[s + 2]).toBe(Exclusion.Sieve);
    expect(pipeline.breakdown("lib", "2.0")).toEqual([{ unit: "one", score: 1 }, { unit: "half", score: 0.5 }]);
    expect(pipeline.breakdown("app", "2.0")).toEqual([{ unit: "half", score: 0.5 }]);
    expect(pipeline.verdict("lib", "1.0")).toMatchObject({ kept: false, unit: "half", reason: "broken" });
  });

  it("state steps become predicates over the graph and apply on final stacks", async () => {
    const units: PipelineUnit[] = [{
      kind: "step", scope: "state", name: "pair", match: { name: "lib", version: ">=2" }, resolved: [{ name: "app", version: "==2.0" }],
      result: { acceptable: true, score: 3, justification: [{ type: "INFO", message: "good pair", package_name: "lib" }] },
    }];
    const { pipeline, graph } = await compileWith(units);
    const [pred] = compileStatePredicates(graph, pipeline.stateSteps);
    const app = packageByName(graph, "app");
    const lib = packageByName(graph, "lib");
    const pinned = new Int32Array(graph.packageCount).fill(-1);
    pinned[lib] = 0;
    expect(predicateApplies(graph, pred, pinned)).toBe(false);
    pinned[app] = 0;
    expect(predicateApplies(graph, pred, pinned)).toBe(true);
    pinned[app] = 1;
    expect(predicateApplies(graph, pred, pinned)).toBe(false);
    expect(pipeline.judgeStack({ app: "2.0", lib: "2.0" })).toEqual({ accepted: true, score: 3, justifications: [{ type: "INFO", message: "good pair", package_name: "lib" }] });
    expect(pipeline.judgeStack({ app: "1.0", lib: "2.0" })).toMatchObject({ accepted: true, score: 0 });
  });

  it("strides reject final stacks, wraps annotate them, pseudonyms are collected", () => {
    const p = buildPipeline({
      recommendationType: "stable", environment, requirements: [],
      units: [
        { kind: "stride", name: "small", run: (s) => (Object.keys(s).length > 2 ? { accept: false, reason: "too big" } : { accept: true }) },
        { kind: "wrap", name: "hello", run: (s) => [{ type: "INFO", message: `${Object.keys(s).length} packages` }] },
        { kind: "pseudonym", name: "alt", run: (n) => (n === "tensorflow" ? [{ name: "intel-tensorflow" }] : []) },
      ],
    });
    expect(p.judgeStack({ a: "1", b: "1", c: "1" })).toEqual({ accepted: false, unit: "small", reason: "too big" });
    expect(p.judgeStack({ a: "1" })).toEqual({ accepted: true, score: 0, justifications: [{ type: "INFO", message: "1 packages" }] });
    expect(p.pseudonyms("tensorflow", "2.1.0")).toEqual([{ name: "intel-tensorflow" }]);
    expect(() => buildPipeline({ recommendationType: "stable", environment, requirements: [], units: [p.units[0] as never, p.units[0] as never] })).toThrow();
  });
});

describe("unit kinds beyond candidates", () => {
  it("skip units drop dependency edges and say so on the stacks of the dependents they touched", async () => {
    const units: PipelineUnit[] = [{
      kind: "step", scope: "dependency", name: "no-lib-for-app-2",
      run: (target, dependent) => (target === "lib" && dependent?.version === "2.0" ? { keep: false, reason: "unused", justification: [{ type: "WARNING", message: "lib dropped" }] } : { keep: true }),
    }];
    const { pipeline, graph } = await compileWith(units);
    const r = solve(graph, { preference: highestScoreFirst });
    expect(r.satisfiable && pinnedPackages(graph, r.pins)).toEqual({ app: "2.0" });
    expect(pipeline.judgeStack({ app: "2.0" })).toEqual({
      accepted: true, score: 0, justifications: [{ type: "WARNING", message: "lib dropped" }], stackInfo: [{ type: "WARNING", message: "lib dropped" }],
    });
    expect(pipeline.judgeStack({ app: "1.0", lib: "2.0" })).toEqual({ accepted: true, score: 0, justifications: [] });
  });

  it("addition units add requirements to candidates; function-only strides stop or reject; wraps may return stack info and manifest changes", async () => {
    const change = { apiVersion: "v1", kind: "ConfigMap", patch: { op: "add", path: "/data/x", value: "1" } };
    const units: PipelineUnit[] = [
      { kind: "step", scope: "addition", name: "add-other", run: (n) => (n === "app" ? { requirements: ["lib==1.1"], justification: [{ type: "INFO", message: "pinned lib" }] } : undefined) },
      { kind: "stride", name: "stop-at-app-1", run: (s) => (s.app === "1.0" ? { accept: true, eagerStop: "old app is fine", justification: [{ type: "INFO", message: "stopping" }] } : { accept: true }) },
      { kind: "wrap", name: "manifest", run: () => ({ stackInfo: [{ type: "INFO", message: "whole advise" }], advisedManifestChanges: [change, change] }) },
    ];
    const { pipeline, graph } = await compileWith(units);
    const r = solve(graph, { preference: highestScoreFirst });
    expect(r.satisfiable && pinnedPackages(graph, r.pins)).toEqual({ app: "2.0", lib: "1.1" });
    expect(pipeline.addedRequirements("app", "2.0")).toEqual(["lib==1.1"]);
    expect(pipeline.opaqueStrides).toEqual(["stop-at-app-1"]);
    expect(pipeline.mayStopEarly()).toBe(true);
    expect(pipeline.judgeStack({ app: "1.0", lib: "1.1" })).toEqual({
      accepted: true, score: 0,
      justifications: [{ type: "INFO", message: "pinned lib" }, { type: "INFO", message: "stopping" }, { type: "INFO", message: "whole advise" }],
      stackInfo: [{ type: "INFO", message: "whole advise" }],
      advisedManifestChanges: [change],
      eagerStop: { unit: "stop-at-app-1", reason: "old app is fine" },
    });
  });
});

describe("built-in units", () => {
  it("finds affected versions by range and explicit list", () => {
    expect(advisoriesAffecting(advisories, "lib", "1.0").map((a) => a.id)).toEqual(["TEST-1"]);
    expect(advisoriesAffecting(advisories, "lib", "1.1")).toEqual([]);
    expect(advisoriesAffecting(advisories, "lib", "2.0").map((a) => a.id)).toEqual(["TEST-1"]);
  });

  it("security removes vulnerable versions; the resolution avoids them", async () => {
    const { pipeline, graph } = await compileWith(builtInUnits({ recommendationType: "security", advisories }), "security");
    expect(pipeline.verdict("lib", "2.0")).toMatchObject({ kept: false, unit: "osv-advisory-sieve", reason: "known advisories TEST-1" });
    const r = solve(graph, { preference: highestScoreFirst });
    expect(r.satisfiable && pinnedPackages(graph, r.pins)).toEqual({ app: "2.0", lib: "1.1" });
  });

  it("stable penalises -0.2 per advisory with a WARNING linking it; latest informs only", async () => {
    const stable = await compileWith(builtInUnits({ recommendationType: "stable", advisories }));
    expect(stable.pipeline.breakdown("lib", "2.0")).toEqual([{ unit: "osv-advisory-penalty", score: -0.2 }, { unit: "recency", score: 0 }]);
    expect(stable.pipeline.justifications("lib", "2.0")).toEqual([{ type: "WARNING", message: "lib==2.0 is affected by TEST-1 (CVE-1): bad", link: "https://example.org/TEST-1", package_name: "lib" }]);
    const latest = await compileWith(builtInUnits({ recommendationType: "latest", advisories }), "latest");
    expect(latest.pipeline.score("lib", "2.0")).toBe(0);
    expect(latest.pipeline.justifications("lib", "2.0")[0]).toMatchObject({ type: "WARNING", link: "https://example.org/TEST-1" });
    expect(latest.pipeline.stackInfo[0].message).toMatch(/^Recommendation type latest/);
  });

  it("recency is normalized per package by version index over the listed releases", async () => {
    const { pipeline } = await compileWith([recencyStep()]);
    expect(["1.0", "1.1", "2.0"].map((v) => pipeline.score("lib", v))).toEqual([-1, -0.5, 0]);
    expect(pipeline.score("app", "1.0")).toBe(-1);
  });

  it("the user stack step prefers the locked version; the scores file adds the user's scores", async () => {
    const { pipeline, graph } = await compileWith([recencyStep(), userStackStep({ lib: "1.1.0" }), scoresStep(new Map([["app", new Map([["1", 5]])]]))]);
    expect(pipeline.breakdown("lib", "1.1")).toEqual([{ unit: "recency", score: -0.5 }, { unit: "user-stack", score: 1.5 }]);
    expect(pipeline.justifications("lib", "1.1")).toEqual([{ type: "INFO", message: "lib==1.1 is the version of your locked stack", package_name: "lib" }]);
    const r = solve(graph, { preference: highestScoreFirst });
    expect(r.satisfiable && pinnedPackages(graph, r.pins)).toEqual({ app: "1.0", lib: "1.1" });
    expect(unknownScoredPackages(new Map([["app", new Map()], ["zzz", new Map()]]), graph)).toEqual(["zzz"]);
  });
});

describe("justifications", () => {
  it("are deduplicated and ordered by package, severity, message, link whatever the input order", () => {
    const items = [
      { type: "INFO" as const, message: "b", package_name: "x" },
      { type: "WARNING" as const, message: "z", package_name: "x" },
      { type: "INFO" as const, message: "a" },
      { type: "INFO" as const, message: "b", package_name: "x" },
      { type: "ERROR" as const, message: "y", package_name: "w" },
    ];
    const one = canonicalJustifications(items);
    expect(one).toEqual([items[2], items[4], items[1], items[0]]);
    expect(canonicalJustifications([...items].reverse())).toEqual(one);
  });
});

describe("justification order (property)", () => {
  it("is the same for any permutation and duplication of the input", async () => {
    const fc = await import("fast-check");
    const item = fc.record({
      type: fc.constantFrom("INFO" as const, "WARNING" as const, "ERROR" as const),
      message: fc.constantFrom("a", "b", "c"),
      package_name: fc.option(fc.constantFrom("x", "y"), { nil: undefined }),
    }).map((j) => (j.package_name === undefined ? { type: j.type, message: j.message } : j));
    fc.assert(fc.property(fc.array(item, { maxLength: 12 }), fc.integer(), (items, seed) => {
      const shuffled = [...items, ...items].sort((a, b) => ((JSON.stringify(a).length * 31 + seed) % 7) - ((JSON.stringify(b).length * 31 + seed) % 7));
      const one = canonicalJustifications(items);
      expect(canonicalJustifications(shuffled)).toEqual(one);
      expect(new Set(one.map((j) => JSON.stringify(j))).size).toBe(one.length);
    }));
  });
});
