import { describe, expect, it } from "vitest";
import type { CandidateInfo } from "../catalog/index.js";
import { environmentFor } from "../pep508/index.js";
import type { InclusionContext, PrescriptionUnit, ShouldInclude } from "../prescription/index.js";
import { buildPipeline, impliedByRoot, prescriptionUnits, versionMatches } from "./index.js";

const include: ShouldInclude = { times: 1, adviserPipeline: true, dependencyMonkeyPipeline: false, recommendationTypes: { negated: false, items: ["stable"] } };
const context = (type: "stable" | "latest"): InclusionContext => ({
  pipeline: "adviser", recommendationType: type, authenticated: false, labels: {}, environment: {}, versionSatisfies: versionMatches,
});
const info = (version: string): CandidateInfo => ({ version, requiresPython: null, yanked: false, yankedReason: null, uploadTime: null, hashes: {} });
const environment = environmentFor({ python: "3.8", platform: "linux" });

const units: PrescriptionUnit[] = [
  {
    kind: "step", type: "step", name: "Bonus", shouldInclude: include,
    match: [{ packageVersion: { name: "lib", version: "<2" } }],
    run: { stackInfo: [], score: 0.5, justification: [{ type: "INFO", message: "good", link: "lib_good" }], multiPackageResolution: false },
  },
  {
    kind: "step", type: "step", name: "Pair", shouldInclude: include,
    match: [{ packageVersion: { name: "lib", version: ">=2", indexUrl: { negated: false, url: "https://pypi.org/simple" } }, state: { resolvedDependencies: [{ name: "app", version: "~=1.0" }] } }],
    run: { stackInfo: [{ type: "WARNING", message: "bad pair", link: "https://example.org/pair" }], notAcceptable: "bad pair", multiPackageResolution: false },
  },
  {
    kind: "sieve", type: "sieve", name: "NoOld", shouldInclude: include,
    match: [{ packageVersion: { name: "lib", version: "<1", indexUrl: { negated: true, url: "https://download.pytorch.org/whl/cpu" } } }],
    run: { stackInfo: [], log: { type: "INFO", message: "too old" } },
  },
  {
    kind: "sieve", type: "sieve", name: "OtherIndex", shouldInclude: include,
    match: [{ packageVersion: { name: "lib", indexUrl: { negated: false, url: "https://example.org/simple" } } }],
    run: { stackInfo: [] },
  },
  { kind: "sieve", type: "sieve.SkipPackage", name: "Skip", shouldInclude: include, match: [{ packageName: "lib" }], run: { stackInfo: [] } },
];

describe("prescription units", () => {
  it("compiles step and sieve units, reports the rest, applies should_include", () => {
    const r = prescriptionUnits(units, context("stable"));
    expect(r.units.map((u) => [u.kind, u.name, u.kind === "step" ? u.scope : ""])).toEqual([
      ["step", "Bonus", "candidate"], ["step", "Pair", "state"], ["sieve", "NoOld", ""],
    ]);
    expect(r.unsupported).toEqual([{ name: "OtherIndex", reason: "index_url https://example.org/simple" }, { name: "Skip", reason: "unit type sieve.SkipPackage" }]);
    expect(prescriptionUnits(units, context("latest"))).toEqual({ units: [], unsupported: [], notIncluded: 5 });
  });

  it("runs them: score and justification with Thoth's link base, sieve reason, state step on the final stack", () => {
    const r = prescriptionUnits(units, context("stable"));
    const p = buildPipeline({ recommendationType: "stable", environment, requirements: ["app"], units: r.units });
    expect(p.breakdown("lib", "1.5")).toEqual([{ unit: "Bonus", score: 0.5 }]);
    expect(p.justifications("lib", "1.5")).toEqual([{ type: "INFO", message: "good", link: "https://thoth-station.ninja/j/lib_good", package_name: "lib" }]);
    expect(p.verdict("lib", "0.9")).toMatchObject({ kept: false, unit: "NoOld", reason: "too old" });
    expect(p.sieve("lib", "2.0")).toBe(true);
    expect(p.judgeStack({ app: "1.0.3", lib: "2.0" })).toEqual({ accepted: false, unit: "Pair", reason: "bad pair" });
    expect(p.judgeStack({ app: "2.0", lib: "2.0" })).toMatchObject({ accepted: true });
  });

  it("a state step implied by a root pin becomes static", () => {
    const r = prescriptionUnits(units, context("stable"));
    const p = buildPipeline({ recommendationType: "stable", environment, requirements: ["app==1.0.1"], units: r.units });
    expect(p.verdict("lib", "2.0")).toMatchObject({ kept: false, unit: "Pair", reason: "bad pair" });
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
