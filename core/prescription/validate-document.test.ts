import { describe, expect, it } from "vitest";
import { validatePrescriptionDocument } from "./validate-document.js";
import { shouldInclude, baseImageMatches, type InclusionContext } from "./should-include.js";

const wrap = {
  units: {
    wraps: [
      {
        name: "FooWrap",
        type: "wrap",
        should_include: { adviser_pipeline: true, recommendation_types: ["security"] },
        match: { state: { resolved_dependencies: [{ name: "foo", version: "<1.0", index_url: "https://pypi.org/simple" }] } },
        run: { justification: [{ type: "WARNING", message: "old foo", link: "https://example.org", package_name: "foo" }] },
      },
    ],
  },
};

describe("validatePrescriptionDocument", () => {
  it("reads a wrap into the typed model", () => {
    const v = validatePrescriptionDocument(wrap, "foo.yaml");
    expect(v.issues).toEqual([]);
    expect(v.declaredUnits).toBe(1);
    const u = v.units[0];
    expect(u.kind).toBe("wrap");
    if (u.type !== "wrap") throw new Error("type");
    expect(u.match?.[0].state?.resolvedDependencies[0]).toEqual({ name: "foo", version: "<1.0", indexUrl: { negated: false, url: "https://pypi.org/simple" } });
    expect(u.run.justification?.[0].package_name).toBe("foo");
    expect(u.shouldInclude.recommendationTypes).toEqual({ negated: false, items: ["security"] });
  });

  it("reads step.Group, step.SkipPackage and a pseudonym", () => {
    const doc = {
      units: {
        steps: [
          { name: "G", type: "step.Group", should_include: { adviser_pipeline: true },
            match: [{ group: [{ package_version: { name: "a", version: "==1" } }, { package_version: { name: "b", version: "==2" } }] }],
            run: { not_acceptable: "a 1 and b 2 do not go together" } },
          { name: "S", type: "step.SkipPackage", should_include: { adviser_pipeline: true },
            match: { package_version: { name: "enum34" }, state: { package_version_from: [{ name: "x", version: ">=1" }] } } },
        ],
        pseudonyms: [
          { name: "P", type: "pseudonym", should_include: { adviser_pipeline: true },
            match: { package_version: { name: "tensorflow", index_url: { not: "https://pypi.org/simple" } } },
            run: { yield: { yield_matched_version: true, package_version: { name: "intel-tensorflow", locked_version: null, index_url: "https://pypi.org/simple" } } } },
        ],
      },
    };
    const v = validatePrescriptionDocument(doc, "x.yaml");
    expect(v.issues).toEqual([]);
    expect(v.units.map((u) => u.type)).toEqual(["pseudonym", "step.Group", "step.SkipPackage"]);
  });

  it("names file, unit, path and reason for bad values and unsupported keys", () => {
    const bad = structuredClone(wrap) as { units: { wraps: Record<string, unknown>[] } };
    (bad.units.wraps[0].run as Record<string, unknown>).justification = [{ type: "FATAL", message: "m", link: "x y" }];
    (bad.units.wraps[0] as Record<string, unknown>).extra = 1;
    const v = validatePrescriptionDocument(bad, "bad.yaml");
    expect(v.units).toEqual([]);
    expect(v.declaredUnits).toBe(1);
    const byPath = Object.fromEntries(v.issues.map((i) => [i.path, i]));
    expect(byPath["units.wraps[0].extra"]).toMatchObject({ file: "bad.yaml", unit: "FooWrap", severity: "unsupported", construct: "wrap.extra" });
    expect(byPath["units.wraps[0].run.justification[0].type"].reason).toContain("INFO, WARNING, ERROR");
    expect(byPath["units.wraps[0].run.justification[0].link"].severity).toBe("invalid");
  });

  it("reports unknown unit types and unnormalized names", () => {
    const v = validatePrescriptionDocument({ units: { steps: [{ name: "X", type: "step.Nope", should_include: {}, match: {}, run: {} }],
      wraps: [{ name: "Y", type: "wrap", should_include: {}, match: { state: { resolved_dependencies: [{ name: "Foo_Bar" }] } }, run: {} }] } }, "t.yaml");
    expect(v.issues.map((i) => [i.construct, i.severity])).toEqual([["step.Nope", "unsupported"], ["wrap.match.state.resolved_dependencies.name", "invalid"]]);
    expect(v.issues[1].reason).toContain('"foo-bar"');
  });

  it("reads the prescription header", () => {
    expect(validatePrescriptionDocument({ prescription: { name: "thoth", release: "dev" } }, "m.yaml").header).toEqual({ name: "thoth", release: "dev" });
  });
});

describe("shouldInclude", () => {
  const base: InclusionContext = {
    pipeline: "adviser", recommendationType: "stable", authenticated: false, labels: {}, environment: {},
    versionSatisfies: () => { throw new Error("no specifier expected"); },
  };
  const unit = (should_include: unknown) => {
    const v = validatePrescriptionDocument({ units: { boots: [{ name: "B", type: "boot", should_include, run: {} }] } }, "b.yaml");
    expect(v.issues).toEqual([]);
    return v.units[0].shouldInclude;
  };
  it("follows pipeline, recommendation types (with not), times and labels", () => {
    expect(shouldInclude(unit({ adviser_pipeline: true }), base).included).toBe(true);
    expect(shouldInclude(unit({ dependency_monkey_pipeline: true }), base).included).toBe(false);
    expect(shouldInclude(unit({ adviser_pipeline: true, times: 0 }), base).included).toBe(false);
    expect(shouldInclude(unit({ adviser_pipeline: true, recommendation_types: ["latest"] }), base).included).toBe(false);
    expect(shouldInclude(unit({ adviser_pipeline: true, recommendation_types: { not: ["latest"] } }), base).included).toBe(true);
    expect(shouldInclude(unit({ adviser_pipeline: true, labels: { team: "thoth", ci: "x" } }), { ...base, labels: { ci: "x" } }).included).toBe(true);
    expect(shouldInclude(unit({ adviser_pipeline: true, labels: { team: "thoth" } }), base).included).toBe(false);
  });
  it("matches runtime environments: OS, base images, GPU none/any, library usage", () => {
    const os = unit({ adviser_pipeline: true, runtime_environments: { operating_systems: [{ name: "rhel", version: "8" }] } });
    expect(shouldInclude(os, { ...base, environment: { operatingSystem: { name: "rhel", version: "8" } } }).included).toBe(true);
    expect(shouldInclude(os, { ...base, environment: { operatingSystem: { name: "fedora", version: "8" } } })).toEqual({ included: false, reason: "operating system not matched" });
    const img = unit({ adviser_pipeline: true, runtime_environments: { base_images: { not: ["quay.io/thoth-station/s2i-thoth-ubi8-py38:v1.*"] } } });
    expect(shouldInclude(img, { ...base, environment: { baseImage: "quay.io/thoth-station/s2i-thoth-ubi8-py38:v1.2" } }).included).toBe(false);
    expect(shouldInclude(img, { ...base, environment: { baseImage: "quay.io/thoth-station/s2i-thoth-ubi8-py38:v2.0" } }).included).toBe(true);
    const anyGpu = unit({ adviser_pipeline: true, runtime_environments: { hardware: [{ gpu_models: { not: [null] } }] } });
    expect(shouldInclude(anyGpu, base).included).toBe(false);
    expect(shouldInclude(anyGpu, { ...base, environment: { hardware: { gpuModel: "T4" } } }).included).toBe(true);
    const lib = unit({ adviser_pipeline: true, library_usage: { tensorflow: ["tensorflow.keras.*"] } });
    expect(shouldInclude(lib, { ...base, libraryUsage: { tensorflow: ["tensorflow.keras.layers.Dense"] } }).included).toBe(true);
    expect(shouldInclude(lib, base).included).toBe(false);
    const noCuda = unit({ adviser_pipeline: true, runtime_environments: { cuda_version: null } });
    expect(shouldInclude(noCuda, base).included).toBe(true);
    expect(shouldInclude(noCuda, { ...base, environment: { cudaVersion: "11.2" } }).included).toBe(false);
  });
  it("matches base images by name, tag and tag prefix", () => {
    expect(baseImageMatches("quay.io:443/a/b", "quay.io:443/a/b:v1")).toBe(true);
    expect(baseImageMatches("a/b:v1", "a/b:v1.0")).toBe(false);
    expect(baseImageMatches("a/b:v1.*", "a/b:v1.0")).toBe(true);
  });
});

describe("a step's score", () => {
  const step = (score: number) => ({
    units: { steps: [{ name: "Big", type: "step", should_include: { adviser_pipeline: true }, match: { package_version: { name: "flask" } }, run: { score } }] },
  });
  it("is refused outside the scores range, naming the field (issue 15: no sum may overflow)", () => {
    const v = validatePrescriptionDocument(step(9e307), "big.yaml");
    expect(v.units).toEqual([]);
    expect(v.issues[0]).toMatchObject({ file: "big.yaml", path: "units.steps[0].run.score", severity: "invalid" });
    expect(v.issues[0].reason).toBe("expected a finite number from -1,000,000 to 1,000,000 (the scores range), got 9e+307");
    expect(validatePrescriptionDocument(step(-1_000_000), "ok.yaml").issues).toEqual([]);
  });
});
