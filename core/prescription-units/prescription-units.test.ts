import { describe, expect, it } from "vitest";
import { type CandidateInfo, memoryCatalog, recordingCatalog } from "../catalog/index.js";
import { compileGraph } from "../compile/index.js";
import { environmentFor } from "../pep508/index.js";
import { validatePrescriptionDocument, type InclusionContext, type PrescriptionUnit } from "../prescription/index.js";
import { pinnedPackages } from "../report/index.js";
import { highestScoreFirst, solve } from "../resolver/index.js";
import { buildPipeline, impliedByRoot, versionMatches, type PipelineUnit } from "../pipeline/index.js";
import { compilePrescriptionUnit, prescriptionGaps, prescriptionUnits } from "./index.js";

const PYPI = "https://pypi.org/simple";
const OTHER = "https://example.org/simple";
const environment = environmentFor({ python: "3.8", platform: "linux" });
const info = (version: string): CandidateInfo => ({ version, requiresPython: null, yanked: false, yankedReason: null, uploadTime: null, hashes: {} });
const context = (type: "stable" | "latest" = "stable", extra: Partial<InclusionContext> = {}): InclusionContext => ({
  pipeline: "adviser", recommendationType: type, authenticated: false, labels: {}, environment: {}, versionSatisfies: versionMatches, ...extra,
});

/** Units from a raw prescription document (the YAML's shape), through the real validation. */
function unitsOf(units: Record<string, unknown[]>): PrescriptionUnit[] {
  const v = validatePrescriptionDocument({ units }, "test.yaml");
  if (v.issues.length > 0) throw new Error(v.issues.map((i) => `${i.path}: ${i.reason}`).join("\n"));
  return [...v.units];
}
const adviser = { adviser_pipeline: true };

type Table = Record<string, Record<string, string[]>>;
const catalogOf = (table: Table) => memoryCatalog(table);

/** Compiles `requirements` over `table` with the prescription units, resolves by score and judges the stack. */
async function advise(table: Table, requirements: string[], units: readonly PipelineUnit[]) {
  const catalog = recordingCatalog(catalogOf(table));
  const pipeline = buildPipeline({ recommendationType: "stable", environment, requirements, units, releases: catalog.releases });
  const out = await compileGraph(catalog, { requirements, environment, ...pipeline.hooks });
  if (!out.ok) throw new Error(out.error.message);
  const r = solve(out.graph, { preference: highestScoreFirst });
  const stack = r.satisfiable ? pinnedPackages(out.graph, r.pins) : null;
  return { pipeline, graph: out.graph, stack, verdict: stack === null ? null : pipeline.judgeStack(stack) };
}
const compile = (u: Record<string, unknown[]>, ctx = context()) => prescriptionUnits(unitsOf(u), ctx);

describe("prescription units: should_include, names, gaps", () => {
  const doc = {
    steps: [
      { name: "Bonus", type: "step", should_include: { ...adviser, recommendation_types: ["stable"] }, match: { package_version: { name: "lib", version: "<2" } }, run: { score: 0.5 } },
      { name: "Needs", type: "step", should_include: { ...adviser, dependencies: { steps: ["Bonus"] } }, match: { package_version: { name: "lib" } }, run: { score: 0.1 } },
      { name: "NeedsMissing", type: "step", should_include: { ...adviser, dependencies: { steps: ["Nope"] } }, match: { package_version: { name: "lib" } }, run: { score: 1 } },
      { name: "Bonus", type: "step", should_include: adviser, match: { package_version: { name: "app" } }, run: { score: 1 } },
      { name: "From", type: "step", should_include: adviser, match: { package_version: { name: "lib" }, state: { package_version_from: [{ name: "app" }] } }, run: { score: 1 } },
    ],
  };
  it("registers units whose dependencies are registered, reports duplicates and gaps by name", () => {
    const r = compile(doc);
    expect(r.units.map((u) => u.name)).toEqual(["Bonus", "Needs"]);
    expect(r.notIncluded).toBe(1);
    expect(r.unsupported).toEqual([
      { name: "Bonus", reason: "a second unit of this name" },
      { name: "From", reason: "step with state.package_version_from (only step.SkipPackage executes it)" },
    ]);
    // Under latest the first Bonus is left out, but the second one registers the name Needs waits for.
    expect(compile(doc, context("latest")).units.map((u) => u.name)).toEqual(["Needs", "Bonus"]);
    expect(prescriptionGaps(unitsOf(doc))).toEqual([{ construct: "step: step with state.package_version_from (only step.SkipPackage executes it)", count: 1 }]);
  });
});

describe("prescription units by type", () => {
  const table: Table = {
    app: { "1.0": ["lib>=1", "extra-dep"], "2.0": ["lib>=1", "extra-dep"] },
    lib: { "0.9": [], "1.0": [], "1.5": [], "2.0": [] },
    "extra-dep": { "1.0": [] },
    tool: { "1.0": [], "1.1": [] },
  };

  it("sieve: removes matching candidates (a nameless entry: every package); entries on another index never apply", async () => {
    const units = unitsOf({
      sieves: [
        { name: "NoOld", type: "sieve", should_include: adviser, match: { package_version: { name: "lib", version: "<1", index_url: { not: "https://download.pytorch.org/whl/cpu" } } }, run: { log: { type: "INFO", message: "too old" } } },
        { name: "OtherIndex", type: "sieve", should_include: adviser, match: { package_version: { name: "lib", index_url: OTHER } } },
        { name: "NotPyPI", type: "sieve", should_include: adviser, match: { package_version: { index_url: { not: PYPI } } } },
        { name: "Develop", type: "sieve", should_include: adviser, match: { package_version: { name: "lib", develop: true } } },
      ],
    });
    const r = prescriptionUnits(units, context());
    expect(r.units.map((u) => u.name)).toEqual(["NoOld"]);
    expect(r.inapplicable).toEqual([
      { name: "OtherIndex", reason: `index_url ${OTHER}` }, { name: "NotPyPI", reason: `index_url not ${PYPI}` },
      { name: "Develop", reason: "develop installs only" },
    ]);
    expect(prescriptionUnits(units, context(), { indexUrl: OTHER }).units.map((u) => u.name)).toEqual(["NoOld", "OtherIndex", "NotPyPI"]);
    const { pipeline } = await advise(table, ["app"], r.units);
    expect(pipeline.verdict("lib", "0.9")).toMatchObject({ kept: false, unit: "NoOld", reason: "too old" });
    expect(pipeline.sieve("lib", "1.0")).toBe(true);
  });

  it("step: static scores and justifications (short links resolved), not acceptable removes, eager stop flagged", async () => {
    const r = compile({
      steps: [
        { name: "Bonus", type: "step", should_include: adviser, match: [{ package_version: { name: "lib", version: "<2", index_url: PYPI } }, { package_version: { name: "tool" } }],
          run: { score: 0.5, justification: [{ type: "INFO", message: "good", link: "lib_good" }] } },
        { name: "Broken", type: "step", should_include: adviser, match: { package_version: { name: "lib", version: "==1.5" } }, run: { not_acceptable: "broken", stack_info: [{ type: "ERROR", message: "1.5 is broken", link: "https://example.org/b" }] } },
        { name: "Stop", type: "step", should_include: adviser, match: { package_version: { name: "lib", version: "==1.0" } }, run: { eager_stop_pipeline: "found a good one" } },
      ],
    });
    expect(r.units.map((u) => u.name)).toEqual(["Bonus[0]", "Bonus[1]", "Broken", "Stop"]);
    const { pipeline, stack, verdict } = await advise(table, ["app", "lib<2"], r.units);
    expect(pipeline.breakdown("lib", "1.0")).toEqual([{ unit: "Bonus[0]", score: 0.5 }, { unit: "Stop", score: 0 }]);
    expect(pipeline.justifications("lib", "1.0")).toEqual([{ type: "INFO", message: "good", link: "https://thoth-station.ninja/j/lib_good", package_name: "lib" }]);
    expect(pipeline.verdict("lib", "1.5")).toMatchObject({ kept: false, unit: "Broken", reason: "broken" });
    expect(stack?.lib).toBe("1.0");
    expect(verdict).toMatchObject({ accepted: true, eagerStop: { unit: "Stop", reason: "found a good one" } });
    // Why not newer: the removal of 1.5 is explained on the stack holding 1.0.
    expect(verdict?.accepted && verdict.justifications).toContainEqual({ type: "ERROR", message: "1.5 is broken", link: "https://example.org/b", package_name: "lib" });
    expect(pipeline.mayStopEarly()).toBe(true);
  });

  it("step with state.resolved_dependencies: a state step on final stacks, static when the root implies it", async () => {
    const doc = {
      steps: [{ name: "Pair", type: "step", should_include: adviser,
        match: { package_version: { name: "lib", version: ">=2", index_url: PYPI }, state: { resolved_dependencies: [{ name: "app", version: "~=1.0" }] } },
        run: { not_acceptable: "bad pair", stack_info: [{ type: "WARNING", message: "bad pair", link: "https://example.org/pair" }] } }],
    };
    const r = compile(doc);
    expect(r.units).toMatchObject([{ kind: "step", scope: "state", name: "Pair", match: { name: "lib", version: ">=2" }, resolved: [{ name: "app", version: "~=1.0" }] }]);
    const p = buildPipeline({ recommendationType: "stable", environment, requirements: ["app"], units: r.units });
    expect(p.judgeStack({ app: "1.0", lib: "2.0" })).toEqual({ accepted: false, unit: "Pair", reason: "bad pair" });
    expect(p.judgeStack({ app: "2.0", lib: "2.0" })).toMatchObject({ accepted: true });
    expect(p.finalStackSteps().map((s) => s.name)).toEqual(["Pair"]);
    const pinned = await advise(table, ["app==1.0"], r.units);
    expect(pinned.pipeline.verdict("lib", "2.0")).toMatchObject({ kept: false, unit: "Pair", reason: "bad pair" });
    expect(pinned.pipeline.finalStackSteps()).toEqual([]);
    expect(pinned.stack?.lib).toBe("1.5");
  });

  it("step.Group: one state step per member, applied once per stack; static through the member the root implies", async () => {
    const doc = {
      steps: [{ name: "Clash", type: "step.Group", should_include: adviser,
        match: { group: [{ package_version: { name: "lib", version: ">=2", index_url: PYPI } }, { package_version: { name: "tool", version: "==1.1" } }] },
        run: { not_acceptable: "lib 2 with tool 1.1", stack_info: [{ type: "WARNING", message: "clash", link: "clash" }] } }],
    };
    const r = compile(doc);
    expect(r.units).toMatchObject([
      { name: "Clash#0", scope: "state", match: { name: "lib" }, resolved: [{ name: "tool", version: "==1.1" }], group: "Clash" },
      { name: "Clash#1", scope: "state", match: { name: "tool" }, resolved: [{ name: "lib", version: ">=2" }], group: "Clash" },
    ]);
    const p = buildPipeline({ recommendationType: "stable", environment, requirements: [], units: r.units });
    expect(p.judgeStack({ lib: "2.0", tool: "1.1" })).toEqual({ accepted: false, unit: "Clash#0", reason: "lib 2 with tool 1.1" });
    expect(p.judgeStack({ lib: "2.0", tool: "1.0" })).toMatchObject({ accepted: true });
    const pinned = await advise(table, ["app", "tool==1.1"], r.units);
    expect(pinned.pipeline.verdict("lib", "2.0")).toMatchObject({ kept: false, unit: "Clash#0" });
    expect(pinned.pipeline.finalStackSteps()).toEqual([]);
    expect(pinned.stack).toMatchObject({ lib: "1.5", tool: "1.1" });
    const scored = compile({ steps: [{ ...doc.steps[0], run: { score: 2 } }] });
    const q = buildPipeline({ recommendationType: "stable", environment, requirements: [], units: scored.units });
    expect(q.judgeStack({ lib: "2.0", tool: "1.1" })).toMatchObject({ accepted: true, score: 2 });
    expect(compile({ steps: [{ ...doc.steps[0], match: { group: [{ package_version: { name: "lib", index_url: OTHER } }, { package_version: { name: "tool" } }] } }] }).inapplicable)
      .toEqual([{ name: "Clash", reason: `a member on index_url ${OTHER}` }]);
  });

  it("sieve.SkipPackage: every dependency on the package is dropped, a root requirement's too, and the stack says so", async () => {
    const r = compile({ sieves: [{ name: "NoExtraDep", type: "sieve.SkipPackage", should_include: adviser, match: { package_name: "extra-dep" },
      run: { stack_info: [{ type: "WARNING", message: "extra-dep removed", link: "backports" }] } }] });
    const { stack, verdict, graph } = await advise(table, ["app"], r.units);
    expect(stack).toEqual({ app: "2.0", lib: "2.0" });
    expect(graph.names).not.toContain("extra-dep");
    expect(verdict).toMatchObject({ accepted: true, stackInfo: [{ type: "WARNING", message: "extra-dep removed", link: "https://thoth-station.ninja/j/backports" }] });
    expect((await advise(table, ["extra-dep", "tool"], r.units)).stack).toEqual({ tool: "1.1" });
    expect(compile({ sieves: [{ name: "Nothing", type: "sieve.SkipPackage", should_include: adviser, match: { package_name: null } }] }).inapplicable)
      .toEqual([{ name: "Nothing", reason: "package_name null matches no package" }]);
  });

  it("step.SkipPackage with package_version_from: only the named dependents' edges are dropped", async () => {
    const doc = { steps: [{ name: "RmLib", type: "step.SkipPackage", should_include: adviser,
      match: { package_version: { name: "extra-dep" }, state: { package_version_from: [{ name: "app", version: ">=2" }] } },
      run: { stack_info: [{ type: "WARNING", message: "app 2 does not use extra-dep", link: "rm" }] } }] };
    const r = compile(doc);
    expect(r.units).toMatchObject([{ kind: "step", scope: "dependency", name: "RmLib" }]);
    const two = await advise(table, ["app"], r.units);
    expect(two.stack).toEqual({ app: "2.0", lib: "2.0" });
    expect(two.verdict?.accepted && two.verdict.justifications).toContainEqual({ type: "WARNING", message: "app 2 does not use extra-dep", link: "https://thoth-station.ninja/j/rm" });
    const one = await advise(table, ["app<2"], r.units);
    expect(one.stack).toEqual({ app: "1.0", "extra-dep": "1.0", lib: "2.0" });
    expect(one.verdict?.accepted && one.verdict.justifications.some((j) => j.message.includes("does not use"))).toBe(false);
    // Another dependent still needs it (Thoth's package_version_from_allow_other: false).
    const shared = await advise({ ...table, tool: { "1.0": ["extra-dep"] } }, ["app", "tool"], r.units);
    expect(shared.stack?.["extra-dep"]).toBe("1.0");
    const gap = (state: Record<string, unknown>, version?: string) => compilePrescriptionUnit(unitsOf({ steps: [{ ...doc.steps[0],
      match: { package_version: { name: "extra-dep", ...(version ? { version } : {}) }, state } }] })[0]);
    expect(gap({ package_version_from: [{ name: "app" }], package_version_from_allow_other: true })).toEqual({ kind: "unsupported", reason: "step.SkipPackage with package_version_from_allow_other" });
    expect(gap({ package_version_from: [{ name: "app" }] }, "<2")).toEqual({ kind: "unsupported", reason: "step.SkipPackage restricted to versions" });
  });

  it("step.AddPackage: the matched candidates require the added package", async () => {
    const r = compile({ steps: [{ name: "AddTool", type: "step.AddPackage", should_include: adviser,
      match: { package_version: { name: "app", version: ">=2" } },
      run: { package_version: { name: "tool", locked_version: "==1.0", index_url: PYPI, develop: false }, stack_info: [{ type: "INFO", message: "tool added", link: "add" }] } }] });
    const { stack, verdict } = await advise(table, ["app"], r.units);
    expect(stack).toEqual({ app: "2.0", "extra-dep": "1.0", lib: "2.0", tool: "1.0" });
    expect(verdict?.accepted && verdict.justifications).toContainEqual({ type: "INFO", message: "tool added", link: "https://thoth-station.ninja/j/add", package_name: "app" });
    expect((await advise(table, ["app<2"], r.units)).stack?.tool).toBeUndefined();
    expect(compile({ steps: [{ name: "AddOther", type: "step.AddPackage", should_include: adviser, match: { package_version: { name: "app" } },
      run: { package_version: { name: "tool", locked_version: "==1.0", index_url: OTHER, develop: false } } }] }).inapplicable)
      .toEqual([{ name: "AddOther", reason: `adds a package from ${OTHER}` }]);
  });

  it("pseudonym: the alternative is reported on the stack (never searched); an alternative the catalog lacks is left out", async () => {
    const r = compile({ pseudonyms: [{ name: "AltLib", type: "pseudonym", should_include: adviser, match: { package_version: { name: "lib", index_url: PYPI } },
      run: { yield: { yield_matched_version: true, package_version: { name: "tool", index_url: PYPI } }, stack_info: [{ type: "INFO", message: "tool can replace lib", link: "alt" }] } }] });
    const { verdict, pipeline } = await advise({ ...table, app: { "1.0": ["lib>=1", "tool"] } }, ["app"], r.units);
    expect(pipeline.pseudonyms("lib", "1.0")).toMatchObject([{ name: "tool", version: "1.0" }]);
    // lib 2.0 is chosen and the catalog lists no tool 2.0: nothing to offer, nothing said.
    expect(verdict?.accepted && verdict.justifications.filter((j) => j.package_name === "lib")).toEqual([]);
    const known = await advise({ ...table, app: { "1.0": ["lib==1.0", "tool"] } }, ["app"], r.units);
    expect(known.verdict?.accepted && known.verdict.justifications.filter((j) => j.package_name === "lib")).toEqual([
      { type: "INFO", message: "tool can replace lib", link: "https://thoth-station.ninja/j/alt", package_name: "lib" },
      { type: "INFO", package_name: "lib", message: "tool==1.0 is an alternative to lib==1.0 (a pseudonym); the search did not explore it" },
    ]);
  });

  it("boot: stack info once per advise; a package_name match needs a direct dependency; not_acceptable refuses; eager stop", () => {
    const units = unitsOf({ boots: [
      { name: "Hello", type: "boot", should_include: adviser, run: { stack_info: [{ type: "INFO", message: "hello", link: "hi" }] } },
      { name: "ForLib", type: "boot", should_include: adviser, match: { package_name: "Lib" }, run: { stack_info: [{ type: "WARNING", message: "lib is direct", link: "lib" }] } },
      { name: "Stop", type: "boot", should_include: adviser, match: [{ package_name: "tool" }], run: { eager_stop_pipeline: "enough" } },
      { name: "No", type: "boot", should_include: adviser, match: { package_name: "bad" }, run: { not_acceptable: "bad is not supported" } },
    ] });
    const r = prescriptionUnits(units, context());
    const build = (requirements: string[]) => buildPipeline({ recommendationType: "stable", environment, requirements, units: r.units });
    expect(build(["app"]).stackInfo.map((j) => j.message)).toEqual(["hello"]);
    const direct = build(["lib>=1", "tool; python_version < '3'"]);
    expect(direct.stackInfo.map((j) => j.message)).toEqual(["lib is direct", "hello"]);
    expect(direct.eagerStop).toBeUndefined();
    expect(build(["tool"]).eagerStop).toEqual({ unit: "Stop", reason: "enough" });
    expect(build(["tool"]).judgeStack({ tool: "1.0" })).toMatchObject({ accepted: true, eagerStop: { unit: "Stop" } });
    expect(build(["bad"]).refused).toEqual({ unit: "No", reason: "bad is not supported" });
  });

  it("stride: rejects or annotates stacks holding every resolved dependency of an entry", () => {
    const r = compile({ strides: [
      { name: "NoPair", type: "stride", should_include: adviser, match: { state: { resolved_dependencies: [{ name: "lib", version: ">=2" }, { name: "tool" }] } }, run: { not_acceptable: "no lib 2 with tool" } },
      { name: "Note", type: "stride", should_include: adviser, match: [{ state: { resolved_dependencies: [{ name: "app" }] } }, { state: { resolved_dependencies: [{ name: "lib", index_url: OTHER }] } }],
        run: { stack_info: [{ type: "INFO", message: "app inside", link: "app" }], eager_stop_pipeline: "app found" } },
    ] });
    expect(r.units.map((u) => u.name)).toEqual(["NoPair", "Note[0]"]);
    const p = buildPipeline({ recommendationType: "stable", environment, requirements: [], units: r.units });
    expect(p.judgeStack({ lib: "2.0", tool: "1.0" })).toEqual({ accepted: false, unit: "NoPair", reason: "no lib 2 with tool" });
    expect(p.judgeStack({ lib: "1.0", tool: "1.0" })).toMatchObject({ accepted: true });
    expect(p.judgeStack({ app: "1.0" })).toMatchObject({ accepted: true, eagerStop: { unit: "Note[0]", reason: "app found" }, justifications: [{ message: "app inside" }] });
    expect(p.opaqueStrides).toEqual([]);
    expect(p.stateSteps.map((s) => s.name)).toEqual(["NoPair", "Note[0]"]);
  });

  it("wrap: justification, stack info and manifest changes on stacks holding the resolved dependencies; no match: every stack", () => {
    const change = { apiVersion: "apps.openshift.io/v1", kind: "DeploymentConfig", patch: { op: "add", path: "/spec/env/0", value: { name: "OMP_NUM_THREADS", value: "1" } } };
    const r = compile({ wraps: [
      { name: "LibWrap", type: "wrap", should_include: adviser, match: { state: { resolved_dependencies: [{ name: "lib", version: ">=2" }] } },
        run: { justification: [{ type: "WARNING", message: "tune threads", link: "mkl_threads", package_name: "lib" }], advised_manifest_changes: [change] } },
      { name: "Everyone", type: "wrap", should_include: adviser, run: { stack_info: [{ type: "INFO", message: "base image fine", link: "https://example.org/img" }] } },
      { name: "Elsewhere", type: "wrap", should_include: adviser, match: { state: { resolved_dependencies: [{ name: "lib", index_url: OTHER }] } }, run: { stack_info: [] } },
    ] });
    expect(r.units.map((u) => [u.name, u.kind === "wrap" ? u.triggers : null])).toEqual([["LibWrap", ["lib"]], ["Everyone", undefined]]);
    expect(r.inapplicable).toEqual([{ name: "Elsewhere", reason: `index_url ${OTHER}` }]);
    const p = buildPipeline({ recommendationType: "stable", environment, requirements: [], units: r.units });
    expect(p.judgeStack({ lib: "2.0" })).toEqual({
      accepted: true, score: 0,
      justifications: [
        { type: "INFO", message: "base image fine", link: "https://example.org/img" },
        { type: "WARNING", message: "tune threads", link: "https://thoth-station.ninja/j/mkl_threads", package_name: "lib" },
      ],
      stackInfo: [{ type: "INFO", message: "base image fine", link: "https://example.org/img" }],
      advisedManifestChanges: [change],
    });
    expect(p.judgeStack({ lib: "1.0" })).toMatchObject({ justifications: [{ message: "base image fine" }] });
    expect(p.judgeStack({ lib: "1.0" })).not.toHaveProperty("advisedManifestChanges");
  });

  it("wrap.GHReleaseNotes: a link to the release notes of the resolved version, as Thoth built it", () => {
    const r = compile({ wraps: [{ name: "LibNotes", type: "wrap.GHReleaseNotes", should_include: adviser,
      match: { state: { resolved_dependencies: [{ name: "lib", version: ">=1" }] } }, run: { release_notes: { organization: "org", repository: "lib", tag_version_prefix: "v" } } }] });
    const p = buildPipeline({ recommendationType: "stable", environment, requirements: [], units: r.units });
    expect(p.judgeStack({ lib: "1.5" })).toMatchObject({ justifications: [{ type: "INFO", message: "Release notes for package 'lib'", link: "https://github.com/org/lib/releases/tag/v1.5", package_name: "lib" }] });
    expect(p.judgeStack({ lib: "0.9" })).toMatchObject({ justifications: [] });
  });
});

describe("impliedByRoot", () => {
  const releases = (name: string) => (name === "app" ? ["0.9", "1.0", "1.1", "2.0"].map(info) : undefined);
  it("uses the listed releases the root requirement allows, else an exact pin", () => {
    expect(impliedByRoot([{ name: "app", version: "~=1.0" }], ["app>=1,<2"], environment, releases)).toBe(true);
    expect(impliedByRoot([{ name: "app", version: "~=1.0" }], ["app>=1"], environment, releases)).toBe(false);
    expect(impliedByRoot([{ name: "app", version: "~=1.0" }], ["app>=1,<2; python_version < '3'"], environment, releases)).toBe(false);
    expect(impliedByRoot([{ name: "Other_Pkg", version: ">=2" }], ["other-pkg==2.1"], environment, releases)).toBe(true);
    expect(impliedByRoot([{ name: "other-pkg" }], ["other-pkg>=2"], environment, releases)).toBe(true);
    expect(impliedByRoot([{ name: "other-pkg", version: ">=3" }], ["other-pkg>=2"], environment, releases)).toBe(false);
    expect(impliedByRoot([{ name: "missing" }], ["app"], environment, releases)).toBe(false);
  });
});
