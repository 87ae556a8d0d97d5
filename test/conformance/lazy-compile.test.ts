/**
 * The graph compiled on demand gives the answers of the fully compiled closure on the real
 * snapshots (core/resolution/lazy-resolve.property.test.ts does it on random indexes): every
 * project of each snapshot as a request of its own, under the default prerelease policy and the
 * one of before 2026-12-03, and 100 seeded random sets of two or three projects per snapshot (more
 * conflicts); the pypi-2020 cases and the peer cases; every packse-uv scenario.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Catalog } from "../../core/catalog/index.js";
import type { CompileRequest } from "../../core/compile/index.js";
import { environmentFor } from "../../core/pep508/index.js";
import { mulberry32 } from "../../core/random/index.js";
import { resolveRequest } from "../../core/resolution/index.js";
import { loadGraphFile, loadPackseScenario, packseCatalog } from "../../adapters/snapshot/index.js";
import { scenarioRequest } from "../../services/cli/scenario-request.js";
import { PEER_CASES } from "../peers/peer-cases.js";
import { SHARED_MISSING, sharedData } from "../support/shared-data.js";

async function answer(catalog: Catalog, request: CompileRequest, compile: "full" | "on-demand"): Promise<unknown> {
  const out = await resolveRequest(catalog, request, { now: () => 0, compile, maxConflicts: 20_000 });
  if (!out.ok) return { error: out.error };
  const r = out.value.resolution;
  return r.satisfiable ? { packages: r.packages } : { unsatisfiable: true };
}

async function sameBothWays(catalog: Catalog, request: CompileRequest): Promise<void> {
  expect(await answer(catalog, request, "on-demand"), request.requirements.join(" ")).toEqual(await answer(catalog, request, "full"));
}

const data = sharedData();
const graphs = [
  { file: "pypi-graphs/flask-graph.json", python: "3.8" },
  { file: "pypi-graphs/tf21-graph.json", python: "3.7" },
  { file: "pypi-2020/index/pypi-2020-02-13-chalice.json", python: "3.8" },
  { file: "pypi-2020/index/pypi-2020-02-13-dask.json", python: "3.8" },
  { file: "pypi-2020/index/pypi-2020-02-15-pandas.json", python: "3.8" },
];

describe("lazy compile on the real snapshots", () => {
  if (data === null) console.log(SHARED_MISSING);

  for (const { file, python } of graphs) {
    it.skipIf(data === null)(`every project of ${file} alone, and random sets of them, resolve the same way`, async () => {
      const catalog = loadGraphFile(join(data!, file));
      const environment = environmentFor({ python, platform: "linux" });
      const projects = catalog.projects();
      for (const name of projects) {
        await sameBothWays(catalog, { requirements: [name], environment });
        await sameBothWays(catalog, { requirements: [name], environment, prereleases: "if-necessary-or-explicit" });
      }
      const rnd = mulberry32(18);
      for (let i = 0; i < 100; i++) {
        const requirements = Array.from({ length: 2 + (i % 2) }, () => projects[Math.floor(rnd() * projects.length)]);
        await sameBothWays(catalog, { requirements, environment });
      }
    });
  }

  it.skipIf(data === null)("the pypi-2020 cases and the peer cases resolve the same way", async () => {
    for (const f of readdirSync(join(data!, "pypi-2020/case")).filter((x) => x.endsWith(".json"))) {
      const c = JSON.parse(readFileSync(join(data!, "pypi-2020/case", f), "utf8")) as { index: string; requested: string[] };
      const catalog = loadGraphFile(join(data!, "pypi-2020/index", `${c.index}.json`));
      await sameBothWays(catalog, { requirements: c.requested, environment: environmentFor({ python: "3.8", platform: "linux" }) });
    }
    for (const c of PEER_CASES) {
      await sameBothWays(loadGraphFile(join(data!, c.index)), { requirements: c.requirements, environment: environmentFor({ python: c.python, platform: "linux" }) });
    }
  });

  it.skipIf(sharedData("packse-uv") === null)("every non-universal packse-uv scenario resolves the same way", async () => {
    const root = sharedData("packse-uv")!;
    let count = 0;
    for (const dir of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const f of readdirSync(join(root, dir.name)).filter((x) => x.endsWith(".toml"))) {
        const scenario = loadPackseScenario(join(root, dir.name, f));
        if (scenario.resolverOptions.universal) continue;
        await sameBothWays(packseCatalog(scenario), scenarioRequest(scenario));
        count++;
      }
    }
    expect(count).toBeGreaterThan(100);
  });
});
