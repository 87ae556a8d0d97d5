import { beforeAll, describe, expect, it } from "vitest";
import { loadAdvisories } from "../../adapters/osv/index.js";
import { loadGraphFile } from "../../adapters/snapshot/index.js";
import { compileGraph } from "../../core/compile/index.js";
import { Exclusion, packageByName } from "../../core/graph/index.js";
import { environmentFor } from "../../core/pep508/index.js";
import { advisoriesAffecting, buildPipeline, builtInUnits, type AdvisoriesByProject } from "../../core/pipeline/index.js";
import { recordingCatalog } from "../../core/catalog/index.js";
import { secureStack } from "../../core/advise/index.js";
import type { RecommendationType } from "../../core/prescription/index.js";
import { sharedData, SHARED_MISSING } from "../support/shared-data.js";

const graphFile = sharedData("pypi-graphs", "flask-graph.json");
const vulns = sharedData("osv-pypa", "vulns");
const missing = graphFile === null || vulns === null;
if (missing) console.log(SHARED_MISSING);

const environment = environmentFor({ python: "3.8", platform: "linux" });
const requirements = ["flask"];

describe.skipIf(missing)("OSV knowledge on the Flask graph (Python 3.8, Linux)", () => {
  let advisories: AdvisoriesByProject;
  beforeAll(() => {
    const r = loadAdvisories(vulns as string);
    if (!r.ok) throw new Error(r.error);
    advisories = r.value.byProject;
  });

  async function compileFor(type: RecommendationType, reqs = requirements) {
    const catalog = recordingCatalog(loadGraphFile(graphFile as string));
    const pipeline = buildPipeline({ recommendationType: type, environment, requirements: reqs, units: builtInUnits({ recommendationType: type, advisories }), releases: catalog.releases });
    const out = await compileGraph(catalog, { requirements: reqs, environment, ...pipeline.hooks });
    if (!out.ok) throw new Error(out.error.message);
    return { pipeline, graph: out.graph, catalog };
  }
  const candidates = (graph: Awaited<ReturnType<typeof compileFor>>["graph"], name: string) => {
    const p = packageByName(graph, name);
    const out: { version: string; exclusion: number; score: number }[] = [];
    for (let c = graph.versionStart[p]; c < graph.versionStart[p + 1]; c++) out.push({ version: graph.versions[c], exclusion: graph.exclusion[c], score: graph.score[c] });
    return out;
  };

  it("security: no flask < 0.12.3 candidate survives; the removal names PYSEC-2018-66", async () => {
    const { graph, pipeline } = await compileFor("security");
    const flask = candidates(graph, "flask");
    const old = flask.filter((c) => c.version === "0.12.2" || c.version === "0.10.1");
    expect(old.length).toBe(2);
    for (const c of flask) {
      if (advisoriesAffecting(advisories, "flask", c.version).some((a) => a.id === "PYSEC-2018-66")) expect(c.exclusion).toBe(Exclusion.Sieve);
    }
    const v = pipeline.verdict("flask", "0.12.2");
    expect(!v.kept && v.reason).toMatch(/PYSEC-2018-66/);
    expect(v.justifications.some((j) => j.link !== undefined && j.message.includes("CVE-2018-1000656"))).toBe(true);
  });

  it("stable: flask 0.12.2 is penalised -0.2 per advisory with a WARNING linking PYSEC-2018-66", async () => {
    const { pipeline } = await compileFor("stable");
    const n = advisoriesAffecting(advisories, "flask", "0.12.2").length;
    expect(n).toBeGreaterThanOrEqual(1);
    const br = pipeline.breakdown("flask", "0.12.2");
    expect(br.find((u) => u.unit === "osv-advisory-penalty")?.score).toBeCloseTo(-0.2 * n);
    const w = pipeline.justifications("flask", "0.12.2").find((j) => j.message.includes("PYSEC-2018-66"));
    expect(w).toMatchObject({ type: "WARNING", package_name: "flask" });
    expect(w?.link).toMatch(/^https?:\/\//);
    expect(pipeline.verdict("flask", "0.12.2").kept).toBe(true);
  });

  it("latest: flask 0.12.2 keeps its score (recency only) and carries the advisory justification", async () => {
    const { pipeline } = await compileFor("latest");
    const br = pipeline.breakdown("flask", "0.12.2");
    expect(br.filter((u) => u.unit !== "recency").every((u) => u.score === 0)).toBe(true);
    const recency = br.find((u) => u.unit === "recency")?.score ?? NaN;
    expect(pipeline.score("flask", "0.12.2")).toBe(recency);
    expect(pipeline.justifications("flask", "0.12.2").some((j) => j.message.includes("PYSEC-2018-66") && j.link !== undefined)).toBe(true);
  });

  it("data check: every usable Werkzeug version has an advisory (the reason security has no stack)", async () => {
    const { graph } = await compileFor("latest");
    const share = (name: string) => {
      const usable = candidates(graph, name).filter((c) => c.exclusion === Exclusion.None);
      return [usable.filter((c) => advisoriesAffecting(advisories, name, c.version).length > 0).length, usable.length];
    };
    const [affected, usable] = share("werkzeug");
    expect(usable).toBeGreaterThan(50);
    expect(affected).toBe(usable);
    const [flaskAffected, flaskUsable] = share("flask");
    expect(flaskAffected).toBeLessThan(flaskUsable);
    expect(share("click")[0]).toBe(0);
  });

  it("security: no safe stack; names Werkzeug and its advisories, points at a least-exposed stack, returns no stack", async () => {
    const catalog = recordingCatalog(loadGraphFile(graphFile as string));
    const pipeline = buildPipeline({ recommendationType: "security", environment, requirements, units: builtInUnits({ recommendationType: "security", advisories }), releases: catalog.releases });
    const out = await secureStack(catalog, { requirements, environment }, pipeline, advisories);
    if (out.kind !== "no-safe-stack") throw new Error(`expected no safe stack, got ${out.kind}`);
    expect(out).not.toHaveProperty("packages");
    expect(out.explanation).toMatch(/werkzeug.* are removed by a sieve/);
    const werkzeug = out.exposed.find((e) => e.package === "werkzeug");
    expect(werkzeug?.allVersionsAffected).toBe(true);
    expect(werkzeug?.advisoriesOverUsableVersions.length).toBeGreaterThan(0);
    expect(out.message).toMatch(/^No stack free of known advisories/);
    expect(out.message).toContain(`werkzeug: all ${werkzeug?.usableVersions} usable versions have known advisories (${werkzeug?.advisoriesOverUsableVersions.join(", ")})`);
    const least = out.leastExposed;
    expect(least?.packages.flask).toBeDefined();
    // Least exposed: no other usable Werkzeug version has fewer advisories than the one picked.
    const picked = advisoriesAffecting(advisories, "werkzeug", least?.packages.werkzeug as string).length;
    expect(picked).toBe(werkzeug?.advisories.length);
    expect(least?.advisoryCount).toBe(out.exposed.reduce((n, e) => n + e.advisories.length, 0));
  });

  it("security: a request with a safe stack gets it, and nothing in it has an advisory", async () => {
    const reqs = ["click", "itsdangerous"];
    const catalog = recordingCatalog(loadGraphFile(graphFile as string));
    const pipeline = buildPipeline({ recommendationType: "security", environment, requirements: reqs, units: builtInUnits({ recommendationType: "security", advisories }), releases: catalog.releases });
    const out = await secureStack(catalog, { requirements: reqs, environment }, pipeline, advisories);
    if (out.kind !== "safe") throw new Error(out.kind);
    for (const [n, v] of Object.entries(out.packages)) expect(advisoriesAffecting(advisories, n, v)).toEqual([]);
  });

  it("stable: a whole stack's justifications are deduplicated and in a deterministic order", async () => {
    const { pipeline } = await compileFor("stable");
    const stack = { flask: "0.12.2", werkzeug: "0.14.1", jinja2: "2.10", itsdangerous: "0.24", click: "6.7", markupsafe: "1.0" };
    const a = pipeline.judgeStack(stack);
    const b = pipeline.judgeStack(Object.fromEntries(Object.entries(stack).reverse()));
    expect(a).toEqual(b);
    if (!a.accepted) throw new Error(a.reason);
    const keys = a.justifications.map((j) => JSON.stringify(j));
    expect(new Set(keys).size).toBe(keys.length);
    expect(a.justifications[0].package_name).toBeUndefined();
    expect(a.justifications.filter((j) => j.package_name === "flask").every((j) => j.type === "WARNING")).toBe(true);
    const names = a.justifications.map((j) => j.package_name ?? "");
    expect([...names].sort()).toEqual(names);
    expect(a.score).toBeLessThan(Object.keys(stack).length);
  });
});
