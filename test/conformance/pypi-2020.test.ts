/**
 * Resolver conformance on ../shared/data/pypi-2020/case: each case resolves to its `resolved` set
 * (markers for Python 3.8 on Linux), and a case with `conflicted` is proven impossible and explained.
 * resolvelib 1.0.1 (inside pip 23.2) gets backjump-test-1, backjump-test-2 and issue-134 wrong.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { environmentFor } from "../../core/pep508/index.js";
import { compareVersions, parseVersion } from "../../core/pep440/index.js";
import { resolveRequest } from "../../core/resolution/index.js";
import { loadGraphFile } from "../../adapters/snapshot/index.js";
import { SHARED_MISSING, sharedData } from "../support/shared-data.js";

interface Case {
  index: string;
  requested: string[];
  /** Name to version, or to `{version}` in some files. */
  resolved?: Record<string, string | { version: string }>;
  conflicted?: Record<string, string[]>;
}

const root = sharedData("pypi-2020");
const cases = root === null ? [] : readdirSync(join(root, "case")).filter((f) => f.endsWith(".json")).sort();
const environment = environmentFor({ python: "3.8", platform: "linux" });
let passed = 0;

function sameVersion(a: string, b: string): boolean {
  const x = parseVersion(a), y = parseVersion(b);
  return x.ok && y.ok ? compareVersions(x.value, y.value) === 0 : a === b;
}

describe("pypi-2020 cases", () => {
  if (root === null) console.log(SHARED_MISSING);
  it.skipIf(root === null)("finds the pypi-2020 cases and the index each one names", () => {
    expect(cases.length).toBeGreaterThan(0);
    for (const file of cases) {
      const c = JSON.parse(readFileSync(join(root!, "case", file), "utf8")) as Case;
      expect(existsSync(join(root!, "index", `${c.index}.json`)), file).toBe(true);
    }
  });

  for (const file of cases) {
    it(file.replace(/\.json$/, ""), async () => {
      const c = JSON.parse(readFileSync(join(root!, "case", file), "utf8")) as Case;
      const catalog = loadGraphFile(join(root!, "index", `${c.index}.json`));
      const outcome = await resolveRequest(catalog, { requirements: c.requested, environment }, { now: () => 0 });
      expect(outcome.ok ? "" : outcome.error.message).toBe("");
      if (!outcome.ok) return;
      const r = outcome.value.resolution;
      if (c.resolved) {
        expect(r.satisfiable, r.satisfiable ? "" : r.explanation).toBe(true);
        if (!r.satisfiable) return;
        const expected = Object.fromEntries(Object.entries(c.resolved).map(([n, v]) => [n, typeof v === "string" ? v : v.version]));
        expect(Object.keys(r.packages).sort()).toEqual(Object.keys(expected).sort());
        const wrong = Object.keys(expected).filter((n) => !sameVersion(r.packages[n], expected[n]));
        expect(wrong.map((n) => `${n}: got ${r.packages[n]}, expected ${expected[n]}`)).toEqual([]);
      } else {
        expect(r.satisfiable).toBe(false);
        if (!r.satisfiable) expect(r.explanation).toMatch(/unsatisfiable|cannot be used|no version/i);
      }
      passed++;
    });
  }

  afterAll(() => {
    if (cases.length > 0) console.log(`\npypi-2020 cases: ${passed} passed of ${cases.length}\n`);
  });
});
