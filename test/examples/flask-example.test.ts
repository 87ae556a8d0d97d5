/**
 * The example that ships in examples/ (what `make run` advises): it runs with no ../shared, and it
 * is what scripts/derive-flask-example.mjs derives from ../shared when that is there.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMaat } from "../support/maat-cli.js";
import { repoRoot, SHARED_MISSING, sharedData } from "../support/shared-data.js";
import { tempDir } from "../support/temp-dir.js";

const example = join(repoRoot, "examples/flask");
const sharedGraph = sharedData("pypi-graphs", "flask-graph.json");
const sharedVulns = sharedData("osv-pypa", "vulns");

type Graph = Record<string, Record<string, Record<string, unknown>>>;
const known = (graph: Graph): Graph => Object.fromEntries(Object.entries(graph).map(([p, versions]) => [
  p, Object.fromEntries(Object.entries(versions).map(([v, entry]) => [v, Object.fromEntries(Object.entries(entry).filter(([, x]) => x !== null))])),
]));

describe("examples/flask", () => {
  it("is small: a few hundred KiB", () => {
    const bytes = readFileSync(join(example, "flask-graph.json")).length
      + readdirSync(join(example, "advisories"), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).reduce((n, e) => n + readFileSync(join(e.parentPath, e.name)).length, 0);
    expect(bytes).toBeLessThan(512 * 1024);
  });

  it("runs the README's first command (make run) offline, with its advisories", async () => {
    const store = join(tempDir("maat-example-"), "knowledge.sqlite");
    const r = await runMaat(["advise", "--index", join(example, "flask-graph.json"), "--python", "3.8", "--advisories", join(example, "advisories"),
      "--recommendation", "stable", "--budget", "1000", "--format", "json", "flask"], { env: { ...process.env, MAAT_STORE: store } });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.products[0].packages.flask).toMatch(/^\d/);
    expect(out.knowledge.advisories).toMatchObject({ count: 19, projects: 6 });
  });

  if (sharedGraph === null || sharedVulns === null) it.skip(SHARED_MISSING, () => {});

  it.skipIf(sharedGraph === null)("holds every project, version and known field of ../shared's Flask graph", () => {
    const shipped = JSON.parse(readFileSync(join(example, "flask-graph.json"), "utf8")) as Graph;
    const source = JSON.parse(readFileSync(sharedGraph!, "utf8")) as Graph;
    expect(shipped).toEqual(known(source));
  });

  it.skipIf(sharedVulns === null)("holds the PyPA advisories of those projects, unchanged", () => {
    const shipped = readdirSync(join(example, "advisories"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    const graph = JSON.parse(readFileSync(join(example, "flask-graph.json"), "utf8")) as Graph;
    const expected = Object.keys(graph).filter((p) => readdirSync(sharedVulns!).includes(p)).sort();
    expect(shipped).toEqual(expected);
    for (const project of shipped) {
      const files = readdirSync(join(sharedVulns!, project)).sort();
      expect(readdirSync(join(example, "advisories", project)).sort()).toEqual(files);
      for (const f of files) expect(readFileSync(join(example, "advisories", project, f), "utf8")).toBe(readFileSync(join(sharedVulns!, project, f), "utf8"));
    }
  });
});
