import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadGraphFile } from "../../adapters/snapshot/index.js";
import { loadPrescriptions } from "../../adapters/prescriptions/index.js";
import { compileGraph } from "../../core/compile/index.js";
import { environmentFor } from "../../core/pep508/index.js";
import {
  buildPipeline, builtInUnits, prescriptionUnits, recordingCatalog, versionMatches, type PipelineUnit,
} from "../../core/pipeline/index.js";
import type { InclusionContext, PrescriptionUnit } from "../../core/prescription/index.js";
import { pinnedPackages } from "../../core/report/index.js";
import { highestScoreFirst, solve } from "../../core/resolver/index.js";
import { sharedData, SHARED_MISSING } from "../support/shared-data.js";

const graphFile = sharedData("pypi-graphs", "tf21-graph.json");
const tarball = sharedData("thoth-prescriptions.tar.gz");
const missing = graphFile === null || tarball === null;
if (missing) it.skip(SHARED_MISSING, () => {});

const environment = environmentFor({ python: "3.7", platform: "linux" });
const requirements = ["tensorflow==2.1.0"];
const context: InclusionContext = {
  pipeline: "adviser", recommendationType: "stable", authenticated: false, labels: {},
  environment: { pythonVersion: "3.7", platform: "linux-x86_64", operatingSystem: { name: "rhel", version: "8" } },
  versionSatisfies: (version, specifier) => versionMatches(version, specifier),
};

describe.skipIf(missing)("Thoth prescriptions on tensorflow==2.1.0 (tf21 graph, Python 3.7, Linux)", () => {
  let units: readonly PrescriptionUnit[];
  const cacheDir = mkdtempSync(join(tmpdir(), "maat-scoring-"));
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
  beforeAll(async () => {
    const r = await loadPrescriptions(tarball as string, { cacheDir });
    if (!r.ok) throw new Error(r.error);
    units = r.value.units;
  }, 300_000);

  async function resolveWith(extra: readonly PipelineUnit[]) {
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
    return { stack, pipeline, verdict: pipeline.judgeStack(stack) };
  }

  it("the TF 2.1 h5py step (a state step implied by the root pin) changes the resolution and justifies it", async () => {
    const compiled = prescriptionUnits(units, context);
    const names = compiled.units.map((u) => u.name);
    expect(names.filter((n) => n.startsWith("TensorFlow21H5pyStep"))).toHaveLength(4);
    expect(names.filter((n) => n.startsWith("TensorFlow21Urllib3Step"))).toHaveLength(4);
    expect(compiled.unsupported.find((u) => u.name === "TensorFlowRMSciPyStep")?.reason).toBe("unit type step.SkipPackage");

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
    if (!after.verdict.accepted) throw new Error(after.verdict.reason);
    expect(after.verdict.justifications.filter((j) => j.link === "https://thoth-station.ninja/j/tf_21_h5py")).toHaveLength(1);
    if (!before.verdict.accepted) throw new Error(before.verdict.reason);
    expect(before.verdict.justifications.some((j) => j.link === "https://thoth-station.ninja/j/tf_21_h5py")).toBe(false);
    expect(after.stack.tensorflow).toBe("2.1.0");
  }, 300_000);
});
