/**
 * Resolver conformance on packse scenarios: for every scenario that is not universal,
 * `satisfiable` equals the expectation and a resolution equals `expected.packages`. Universal
 * scenarios are refused with a clear message, never answered.
 *
 * - ../shared/data/packse-uv: uv's own corpus with uv 0.12's prerelease semantics, under Maat's
 *   default policy (if-necessary, stable versions first).
 * - ../shared/data/packse: the older corpus (uv before 0.12), being retired; while it is there,
 *   Maat's policy of before 2026-12-03 (if-necessary-or-explicit) must still give its answers.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { PrereleasePolicy } from "../../core/compile/index.js";
import { resolveRequest } from "../../core/resolution/index.js";
import { loadPackseScenario, packseCatalog } from "../../adapters/snapshot/index.js";
import { scenarioRequest } from "../../services/cli/scenario-request.js";
import { UsageError } from "../../services/cli/usage-error.js";
import { SHARED_MISSING, sharedData } from "../support/shared-data.js";

conformance("packse-uv", undefined);
conformance("packse", "if-necessary-or-explicit");

function conformance(folder: string, policy: PrereleasePolicy | undefined): void {
  const root = sharedData(folder);
  const scenarios = root === null ? [] : readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(root, d.name)).filter((f) => f.endsWith(".toml")).sort().map((f) => ({ category: d.name, path: join(root, d.name, f) })))
    .sort((a, b) => a.path.localeCompare(b.path));

  const table = new Map<string, { passed: number; total: number; refused: number }>();
  const row = (category: string) => {
    let r = table.get(category);
    if (!r) table.set(category, (r = { passed: 0, total: 0, refused: 0 }));
    return r;
  };
  const title = `${folder} conformance (prereleases: ${policy ?? "default"})`;

  describe(title, () => {
    if (root === null) console.log(folder === "packse" ? `${folder}: absent (retired), nothing to check` : SHARED_MISSING);
    it.skipIf(root === null)("finds the scenarios in every category folder", () => {
      expect(scenarios.length).toBeGreaterThan(0);
      expect(new Set(scenarios.map((s) => s.category)).size).toBe(readdirSync(root!, { withFileTypes: true }).filter((d) => d.isDirectory()).length);
    });

    for (const { category, path } of scenarios) {
      const scenario = loadPackseScenario(path);
      if (scenario.resolverOptions.universal) {
        row(category).refused++;
        continue;
      }
      it(`${category}/${scenario.name}`, async () => {
        const r = row(category);
        r.total++;
        const outcome = await resolveRequest(packseCatalog(scenario), scenarioRequest(scenario, { prereleases: scenario.resolverOptions.prereleases ? "allow" : policy }), { now: () => 0 });
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

    const universal = scenarios.filter((s) => loadPackseScenario(s.path).resolverOptions.universal);
    it.skipIf(universal.length === 0)(`refuses the ${universal.length} universal scenarios with a message naming the file`, () => {
      for (const { path } of universal) {
        const scenario = loadPackseScenario(path);
        expect(() => scenarioRequest(scenario)).toThrow(UsageError);
        expect(() => scenarioRequest(scenario)).toThrow(/universal resolution is not supported yet/);
      }
    });

    afterAll(() => {
      if (table.size === 0) return;
      const lines = ["category                 passed  total  refused (universal)"];
      let passed = 0, total = 0, refused = 0;
      for (const [category, r] of [...table].sort()) {
        lines.push(`${category.padEnd(24)} ${String(r.passed).padStart(6)} ${String(r.total).padStart(6)} ${String(r.refused).padStart(8)}`);
        passed += r.passed; total += r.total; refused += r.refused;
      }
      lines.push(`${"all".padEnd(24)} ${String(passed).padStart(6)} ${String(total).padStart(6)} ${String(refused).padStart(8)}`);
      console.log(`\n${title}\n${lines.join("\n")}\n`);
    });
  });
}
