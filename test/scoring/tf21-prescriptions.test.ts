import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadGraphFile } from "../../adapters/snapshot/index.js";
import { loadPrescriptions } from "../../adapters/prescriptions/index.js";
import { compileGraph } from "../../core/compile/index.js";
import { environmentFor } from "../../core/pep508/index.js";
import { buildPipeline, builtInUnits, versionMatches, type PipelineUnit } from "../../core/pipeline/index.js";
import { prescriptionUnits } from "../../core/prescription-units/index.js";
import { recordingCatalog } from "../../core/catalog/index.js";
import type { InclusionContext, PrescriptionUnit } from "../../core/prescription/index.js";
import { pinnedPackages } from "../../core/report/index.js";
import { highestScoreFirst, solve } from "../../core/resolver/index.js";
import { sharedData, SHARED_MISSING } from "../support/shared-data.js";

const graphFile = sharedData("pypi-graphs", "tf21-graph.json");
const tarball = sharedData("thoth-prescriptions.tar.gz");
const missing = graphFile === null || tarball === null;
if (missing) console.log(SHARED_MISSING);

const requirements = ["tensorflow==2.1.0"];
const contextFor = (python: string): InclusionContext => ({
  pipeline: "adviser", recommendationType: "stable", authenticated: false, labels: {},
  environment: { pythonVersion: python, platform: "linux-x86_64", operatingSystem: { name: "rhel", version: "8" } },
  versionSatisfies: (version, specifier) => versionMatches(version, specifier),
});

describe.skipIf(missing)("Thoth prescriptions on tensorflow==2.1.0 (tf21 graph, Linux)", () => {
  let units: readonly PrescriptionUnit[];
  const cacheDir = mkdtempSync(join(tmpdir(), "maat-scoring-"));
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
  beforeAll(async () => {
    const r = await loadPrescriptions(tarball as string, { cacheDir });
    if (!r.ok) throw new Error(r.error);
    units = r.value.units;
  }, 300_000);

  async function resolveWith(extra: readonly PipelineUnit[], python = "3.7") {
    const environment = environmentFor({ python, platform: "linux" });
    const catalog = recordingCatalog(loadGraphFile(graphFile as string));
    const pipeline = buildPipeline({
      recommendationType: "stable", environment, requirements, releases: catalog.releases,
      units: [...builtInUnits({ recommendationType: "stable" }), ...extra],
    });
    const out = await compileGraph(catalog, { requirements, environment, ...pipeline.hooks });
    if (!out.ok) throw new Error(out.error.message);
    const r = solve(out.graph, { preference: highestScoreFirst });
    if (!r.satisfiable) throw new Error(r.status === "unsatisfiable" ? r.explanation : r.status);
    const stack = pinnedPackages(out.graph, r.pins);
    const verdict = pipeline.judgeStack(stack);
    if (!verdict.accepted) throw new Error(verdict.reason);
    return { stack, pipeline, graph: out.graph, verdict };
  }

  it("every included unit executes (Python 3.7, stable): nothing unsupported, only units for other indexes left out", () => {
    const compiled = prescriptionUnits(units, contextFor("3.7"));
    expect(compiled.unsupported).toEqual([]);
    expect(compiled.inapplicable.map((u) => u.reason).every((r) => r.startsWith("index_url https://tensorflow.pypi.thoth-station.ninja/"))).toBe(true);
    expect(compiled.units.length).toBeGreaterThan(70_000);
  });

  it("the TF 2.1 h5py step (a state step implied by the root pin) changes the resolution and justifies it", async () => {
    const compiled = prescriptionUnits(units, contextFor("3.7"));
    const names = compiled.units.map((u) => u.name);
    expect(names.filter((n) => n.startsWith("TensorFlow21H5pyStep"))).toHaveLength(4);
    expect(names.filter((n) => n.startsWith("TensorFlow21Urllib3Step"))).toHaveLength(4);
    expect(names).toContain("TensorFlowRMSciPyStep");

    const before = await resolveWith([]);
    const after = await resolveWith(compiled.units);
    expect(versionMatches(before.stack.h5py, ">=3")).toBe(true);
    expect(versionMatches(after.stack.h5py, "<3")).toBe(true);
    const v = after.pipeline.verdict("h5py", before.stack.h5py);
    expect(!v.kept && v.unit).toBe("TensorFlow21H5pyStep[0]");
    expect(v.justifications).toContainEqual({
      type: "WARNING", package_name: "h5py", link: "https://thoth-station.ninja/j/tf_21_h5py",
      message: "tensorflow in version 2.1 can cause runtime errors when running with h5py>=3 caused by library overpinning",
    });
    expect(after.verdict.justifications.filter((j) => j.link === "https://thoth-station.ninja/j/tf_21_h5py")).toHaveLength(1);
    expect(before.verdict.justifications.some((j) => j.link === "https://thoth-station.ninja/j/tf_21_h5py")).toBe(false);
    expect(after.stack.tensorflow).toBe("2.1.0");
    // TensorFlowRMSciPyStep drops scipy only for tensorflow >2.1,<=2.3: 2.1.0 keeps it.
    expect(after.stack.scipy).toBe(before.stack.scipy);
  }, 300_000);

  it("boots, wraps, release notes and pseudonyms of the snapshot annotate the stack and the advise", async () => {
    const { verdict, stack } = await resolveWith(prescriptionUnits(units, contextFor("3.7")).units);
    const has = (j: object) => expect(verdict.justifications).toContainEqual(j);
    // Boot with match package_name: tensorflow is a direct dependency and no CUDA is stated.
    has({ type: "INFO", message: "Use 'tensorflow-cpu' instead of 'tensorflow' package for non-GPU enabled environments", link: "https://pypi.org/project/tensorflow-cpu/" });
    expect(verdict.stackInfo).toContainEqual(expect.objectContaining({ message: "Use 'tensorflow-cpu' instead of 'tensorflow' package for non-GPU enabled environments" }));
    // wrap.GHReleaseNotes on the pinned version, as Thoth linked it.
    has({ type: "INFO", message: "Release notes for package 'tensorflow'", package_name: "tensorflow", link: "https://github.com/tensorflow/tensorflow/releases/tag/v2.1.0" });
    has({ type: "INFO", message: "Release notes for package 'absl-py'", package_name: "absl-py", link: `https://github.com/abseil/abseil-py/releases/tag/v${stack["absl-py"]}` });
    // A wrap matching a resolved dependency.
    has({ type: "INFO", message: "Package 'numpy' is packaged as an RPM in UBI8 as 'python39-numpy'", link: "https://thoth-station.ninja/j/rpm", package_name: "numpy" });
    // The pseudonym: intel-tensorflow is reported, never searched.
    has({ type: "INFO", message: "Considering also intel-tensorflow package as an alternative to tensorflow", link: "https://thoth-station.ninja/j/tf_intel", package_name: "tensorflow" });
    has({ type: "INFO", package_name: "tensorflow", message: "intel-tensorflow==2.1.0 is an alternative to tensorflow==2.1.0 (a pseudonym); the search did not explore it; the index was not asked whether it exists" });
    expect(stack["intel-tensorflow"]).toBeUndefined();
    // Deterministic, no duplicates.
    expect(new Set(verdict.justifications.map((j) => JSON.stringify(j))).size).toBe(verdict.justifications.length);
  }, 300_000);

  it("on Python 3.8 the importlib-metadata backport sieve (sieve.SkipPackage) drops markdown's dependency on it", async () => {
    const compiled = prescriptionUnits(units, contextFor("3.8"));
    expect(compiled.unsupported).toEqual([]);
    const before = await resolveWith([], "3.8");
    const after = await resolveWith(compiled.units, "3.8");
    expect(before.stack["importlib-metadata"]).toBeDefined();
    expect(after.stack["importlib-metadata"]).toBeUndefined();
    expect(after.graph.names).not.toContain("importlib-metadata");
    expect(after.verdict.stackInfo).toContainEqual({
      type: "WARNING", link: "https://thoth-station.ninja/j/backports",
      message: "Dependency ''importlib-metadata'' removed: importlib.metadata is available in Python standard library starting Python 3.8",
    });
  }, 300_000);
});
