import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadGraphFile } from "../../adapters/snapshot/index.js";
import { loadPrescriptions } from "../../adapters/prescriptions/index.js";
import { adviseGraph } from "../../core/advise/index.js";
import { compileGraph } from "../../core/compile/index.js";
import { environmentFor } from "../../core/pep508/index.js";
import { buildPipeline, builtInUnits, versionMatches } from "../../core/pipeline/index.js";
import { compilePrescriptionUnit, prescriptionGaps, prescriptionUnits } from "../../core/prescription-units/index.js";
import { compileStackRules } from "../../core/stack-rules/index.js";
import { recordingCatalog } from "../../core/catalog/index.js";
import { RECOMMENDATION_TYPES, type InclusionEnvironment, type PrescriptionUnit } from "../../core/prescription/index.js";
import { createMcts, runSearch } from "../../core/predictor/index.js";
import { pinnedPackages } from "../../core/report/index.js";
import { createInProcessRunner } from "../../core/rollout/index.js";
import { sharedData, SHARED_MISSING } from "../support/shared-data.js";

const tarball = sharedData("thoth-prescriptions.tar.gz");
const flaskGraph = sharedData("pypi-graphs", "flask-graph.json");
const missing = tarball === null || flaskGraph === null;
if (missing) console.log(SHARED_MISSING);

describe.skipIf(missing)("the Thoth prescription snapshot executes", () => {
  let units: readonly PrescriptionUnit[];
  const cacheDir = mkdtempSync(join(tmpdir(), "maat-snapshot-"));
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
  beforeAll(async () => {
    const r = await loadPrescriptions(tarball as string, { cacheDir });
    if (!r.ok) throw new Error(r.error);
    units = r.value.units;
  }, 300_000);

  it("every unit of the snapshot compiles into pipeline units or is inapplicable to PyPI candidates: no gap", () => {
    expect(units.length).toBe(90_611);
    expect(prescriptionGaps(units)).toEqual([]);
    const kinds = new Map<string, number>();
    for (const u of units) {
      const c = compilePrescriptionUnit(u);
      const key = c.kind === "compiled" ? `${u.type} -> ${[...new Set(c.units.map((p) => ("scope" in p ? `${p.kind}/${p.scope}` : p.kind)))].join(",")}` : `${u.type} ${c.kind}`;
      kinds.set(key, (kinds.get(key) ?? 0) + 1);
    }
    expect(Object.fromEntries(kinds)).toMatchObject({
      "wrap -> wrap": 83_041, "wrap.GHReleaseNotes -> wrap": 3_978, "boot -> boot": 3_502, "pseudonym -> pseudonym": 2,
      "sieve.SkipPackage -> step/dependency": 5, "step.SkipPackage -> step/dependency": 1, "step.Group -> step/state": 12,
    });
  });

  it("nothing included is unsupported under any recommendation type, with or without CUDA, base image and hardware", () => {
    const environments: InclusionEnvironment[] = [
      { pythonVersion: "3.8", platform: "linux-x86_64", operatingSystem: { name: "rhel", version: "8" } },
      { pythonVersion: "3.6", cudaVersion: "11.1", cudnnVersion: "8", hardware: { cpuFamily: 6, cpuModel: 85, cpuFlags: ["avx2"] } },
      { pythonVersion: "3.9", baseImage: "quay.io/thoth-station/s2i-elyra-custom-notebook:v0.4.0", operatingSystem: { name: "fedora", version: "35" } },
    ];
    for (const recommendationType of RECOMMENDATION_TYPES) {
      for (const environment of environments) {
        const r = prescriptionUnits(units, {
          pipeline: "adviser", recommendationType, authenticated: false, labels: {}, environment, libraryUsage: { random: ["random.random"] },
          versionSatisfies: (version, specifier) => versionMatches(version, specifier),
        });
        expect(r.unsupported).toEqual([]);
        expect(r.units.length).toBeGreaterThan(60_000);
      }
    }
  }, 120_000);

  it("step.Group on Flask (flask<2): the search with the stack rules finds stacks the prescriptions accept", async () => {
    const environment = environmentFor({ python: "3.8", platform: "linux" });
    const requirements = ["flask<2"];
    const compiled = prescriptionUnits(units, {
      pipeline: "adviser", recommendationType: "stable", authenticated: false, labels: {}, environment: { pythonVersion: "3.8" },
      versionSatisfies: (version, specifier) => versionMatches(version, specifier),
    });
    const catalog = recordingCatalog(loadGraphFile(flaskGraph as string));
    const pipeline = buildPipeline({
      recommendationType: "stable", environment, requirements, releases: catalog.releases,
      units: [...builtInUnits({ recommendationType: "stable" }), ...compiled.units],
    });
    const out = await compileGraph(catalog, { requirements, environment, ...pipeline.hooks });
    if (!out.ok) throw new Error(out.error.message);
    const rules = compileStackRules(out.graph, pipeline);
    expect(rules.predicates.map((p) => p.unit)).toEqual([
      "Jinja2300Flask100Step#0", "Jinja2300Flask100Step#1", "Jinja23Markupsafe210Step#0", "Jinja23Markupsafe210Step#1",
    ]);
    const options = { predictor: "mcts" as const, budget: 1000, count: 3, seed: 1, now: () => 0 };
    // Static scores alone lead the search to jinja2 2.x with markupsafe 2.1 (rejected by Jinja23Markupsafe210Step).
    const plain = await runSearch(createMcts(out.graph, { seed: 1 }), { budget: 1000, batchSize: 256, runner: createInProcessRunner(out.graph) });
    const plainAccepted = plain.top.filter((s) => pipeline.judgeStack(pinnedPackages(out.graph, s.pins)).accepted);
    // adviseGraph wraps the runner with the stack rules itself.
    const judged = await adviseGraph(out.graph, pipeline, { ...options, runner: createInProcessRunner(out.graph) });
    expect(plainAccepted.length).toBeLessThan(3);
    expect(judged.products).toHaveLength(3);
    for (const p of judged.products) {
      const { jinja2, markupsafe, flask } = p.packages;
      expect(versionMatches(jinja2, "<3.0.0") && versionMatches(markupsafe, ">=2.1.0")).toBe(false);
      expect(versionMatches(jinja2, ">=3.0.0") && versionMatches(flask, ">1.0.0")).toBe(false);
      const v = pipeline.judgeStack(p.packages);
      expect(v.accepted && v.score).toBeCloseTo(p.score, 8);
    }
  }, 300_000);
});
