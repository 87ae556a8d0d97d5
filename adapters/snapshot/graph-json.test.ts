import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readGraphJson } from "./graph-json.js";
import { loadGraphFile, loadSnapshot } from "./load-snapshot.js";
import { createSnapshotCatalog } from "./snapshot-catalog.js";
import { sharedData } from "./shared-data.test-support.js";
import { tempDir } from "../../test/support/temp-dir.js";

const catalogOf = (doc: unknown, file = "t.json") => createSnapshotCatalog(file, readGraphJson(JSON.stringify(doc), file));

describe("graph JSON snapshots", () => {
  it("reads the dependencies form and normalizes names", async () => {
    const c = catalogOf({ Foo_Bar: { "1.0": { dependencies: ["six (>=1.0)"] } }, six: { "1.0": { dependencies: [] } } });
    expect(c.projects()).toEqual(["foo-bar", "six"]);
    expect(c.displayName("foo-bar")).toBe("Foo_Bar");
    const v = await c.versions("foo-bar");
    expect(v).toEqual({ kind: "found", value: [{ version: "1.0", requiresPython: null, yanked: false, yankedReason: null, uploadTime: null, hashes: {} }] });
    expect(c.metadataSync("foo-bar", "1.0")).toEqual({ kind: "found", value: { requiresDist: ["six (>=1.0)"], requiresPython: null, providesExtra: [] } });
    expect(c.versionsSync("nope")).toEqual({ kind: "not-found", name: "nope" });
    expect(c.metadataSync("six", "2.0")).toEqual({ kind: "not-found", name: "six", version: "2.0" });
  });

  it("reads the requires_dist form with null as unknown and extras as Provides-Extra", () => {
    const c = catalogOf({
      flask: {
        "1.0": { requires_dist: ["click>=5", 'pytest; extra == "dev"', "x; extra == 'docs' and python_version < \"3\""], requires_python: ">=3.6", upload_time: "2018-04-26T20:00:00Z", yanked: true },
        "0.9": { requires_dist: [], requires_python: null, upload_time: null, yanked: null },
      },
    });
    const v = c.versionsSync("flask");
    expect(v.kind === "found" && v.value.map((i) => [i.version, i.requiresPython, i.uploadTime, i.yanked])).toEqual([
      ["1.0", ">=3.6", "2018-04-26T20:00:00Z", true],
      ["0.9", null, null, false],
    ]);
    const m = c.metadataSync("flask", "1.0");
    expect(m.kind === "found" && m.value.providesExtra).toEqual(["dev", "docs"]);
  });

  it("makes one malformed version invalid-metadata, naming file and field, and keeps the rest", () => {
    const c = catalogOf({ flask: { "1.0": { requires_dist: "click" }, "1.1": { requires_dist: [] }, "1.2": 7, "1.3": { requires_dist: [], requires_python: 3 } } }, "flask-graph.json");
    expect(c.metadataSync("flask", "1.0")).toEqual({ kind: "invalid-metadata", name: "flask", version: "1.0", reason: 'flask-graph.json: flask."1.0".requires_dist: expected a list of strings' });
    expect(c.metadataSync("flask", "1.1").kind).toBe("found");
    const bad = c.metadataSync("flask", "1.2");
    expect(bad.kind === "invalid-metadata" && bad.reason).toBe('flask-graph.json: flask."1.2": expected an object with requires_dist or dependencies');
    const py = c.metadataSync("flask", "1.3");
    expect(py.kind === "invalid-metadata" && py.reason).toBe('flask-graph.json: flask."1.3".requires_python: expected a string or null');
    expect(c.versionsSync("flask").kind).toBe("found");
  });

  it("rejects broken files with the file and path named", () => {
    expect(() => readGraphJson("{not json", "x.json")).toThrow(/^x\.json: not valid JSON/);
    // Never the content (issue 15: a snapshot path to /etc/shadow answered with its first bytes).
    for (const text of ["root:*:20245:0:99999:7:::", '{"a": secret-value}', '{"a": 1'] ) {
      let message = "";
      try {
        readGraphJson(text, "x.json");
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/^x\.json: not valid JSON/);
      expect(message).not.toMatch(/root|secret|20245/);
    }
    expect(() => readGraphJson("[]", "x.json")).toThrow("x.json: expected an object mapping project names to versions");
    expect(() => readGraphJson('{"a": []}', "x.json")).toThrow("x.json: a: expected an object mapping versions to entries");
    expect(() => readGraphJson('{"a.b": {}, "A_B": {}}', "x.json")).toThrow(/x\.json: A_B: project defined twice \(also as "a\.b"\)/);
  });

  it("refuses oversized files and names both files of a project defined twice in a folder", () => {
    const dir = tempDir("maat-snapshot-");
    writeFileSync(join(dir, "one.json"), JSON.stringify({ a: { "1": { dependencies: [] } } }));
    writeFileSync(join(dir, "two.json"), JSON.stringify({ A: { "2": { dependencies: [] } } }));
    expect(() => loadSnapshot(dir)).toThrow(/project a is defined in both one\.json and two\.json/);
    writeFileSync(join(dir, "two.json"), JSON.stringify({ b: { "2": { dependencies: [] } } }));
    expect(loadSnapshot(dir).projects()).toEqual(["a", "b"]);
    expect(() => loadSnapshot(join(dir, "missing.json"))).toThrow(/missing\.json: cannot read/);
    expect(() => loadGraphFile(join(dir, "one.json"))).not.toThrow();
  });
});

const data = sharedData();
describe.skipIf(data === null)("shared graph snapshots (skipped without ../shared/data)", () => {
  const count = (file: string) => {
    const doc = JSON.parse(readFileSync(file, "utf8")) as Record<string, Record<string, unknown>>;
    return { projects: Object.keys(doc).length, versions: Object.values(doc).reduce((n, v) => n + Object.keys(v).length, 0) };
  };
  const cases = ["pypi-2020/index/pypi-2020-02-13-chalice.json", "pypi-2020/index/pypi-2020-02-15-pandas.json", "pypi-graphs/flask-graph.json", "pypi-graphs/tf21-graph.json"];
  it.each(cases)("%s reads completely and equals the data", (rel) => {
    const file = join(data as string, rel);
    const c = loadGraphFile(file);
    let versions = 0;
    for (const p of c.projects()) {
      const v = c.versionsSync(p);
      if (v.kind !== "found") throw new Error(p);
      versions += v.value.length;
      for (const i of v.value) expect(c.metadataSync(p, i.version).kind).toBe("found");
    }
    expect({ projects: c.projects().length, versions }).toEqual(count(file));
  });

  it("a folder whose files overlap is refused, naming both files", () => {
    expect(() => loadSnapshot(join(data as string, "pypi-2020/index"))).toThrow(/project pandas is defined in both backjump-test-1\.json and backjump-test-2\.json/);
  });
});
