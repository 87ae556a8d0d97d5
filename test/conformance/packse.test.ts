/**
 * Resolver conformance on packse scenarios (../shared/data/packse): for every scenario that is not
 * universal, `satisfiable` equals the expectation and a resolution equals `expected.packages`.
 * Universal scenarios are reported as unsupported, never answered.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveRequest } from "../../core/resolution/index.js";
import { loadPackseScenario, packseCatalog } from "../../adapters/snapshot/index.js";
import { scenarioRequest } from "../../services/cli/scenario-request.js";
import { SHARED_MISSING, sharedData } from "../support/shared-data.js";

const root = sharedData("packse");
const scenarios = root === null ? [] : readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(root, d.name)).filter((f) => f.endsWith(".toml")).sort().map((f) => ({ category: d.name, path: join(root, d.name, f) })))
  .sort((a, b) => a.path.localeCompare(b.path));

const table = new Map<string, { passed: number; total: number; unsupported: number }>();
const row = (category: string) => {
  let r = table.get(category);
  if (!r) table.set(category, (r = { passed: 0, total: 0, unsupported: 0 }));
  return r;
};

describe("packse conformance", () => {
  if (root === null) console.log(SHARED_MISSING);
  it.skipIf(root === null)("finds the packse scenarios in every category folder", () => {
    expect(scenarios.length).toBeGreaterThan(0);
    expect(new Set(scenarios.map((s) => s.category)).size).toBe(readdirSync(root!, { withFileTypes: true }).filter((d) => d.isDirectory()).length);
  });

  for (const { category, path } of scenarios) {
    const scenario = loadPackseScenario(path);
    if (scenario.resolverOptions.universal) {
      row(category).unsupported++;
      continue;
    }
    it(`${category}/${scenario.name}`, async () => {
      const r = row(category);
      r.total++;
      const outcome = await resolveRequest(packseCatalog(scenario), scenarioRequest(scenario), { now: () => 0 });
      expect(outcome.ok ? "" : outcome.error.message).toBe("");
      if (!outcome.ok) return;
      const resolution = outcome.value.resolution;
      const why = resolution.satisfiable ? JSON.stringify(resolution.packages) : resolution.explanation;
      expect(resolution.satisfiable, why).toBe(scenario.expected.satisfiable);
      if (resolution.satisfiable && Object.keys(scenario.expected.packages).length > 0) {
        expect(resolution.packages).toEqual(scenario.expected.packages);
      }
      if (!resolution.satisfiable) expect(resolution.explanation.length).toBeGreaterThan(0);
      r.passed++;
    });
  }

  afterAll(() => {
    if (table.size === 0) return;
    const lines = ["category                 passed  total  unsupported (universal)"];
    let passed = 0, total = 0, unsupported = 0;
    for (const [category, r] of [...table].sort()) {
      lines.push(`${category.padEnd(24)} ${String(r.passed).padStart(6)} ${String(r.total).padStart(6)} ${String(r.unsupported).padStart(12)}`);
      passed += r.passed; total += r.total; unsupported += r.unsupported;
    }
    lines.push(`${"all".padEnd(24)} ${String(passed).padStart(6)} ${String(total).padStart(6)} ${String(unsupported).padStart(12)}`);
    console.log(`\npackse conformance\n${lines.join("\n")}\n`);
  });
});
