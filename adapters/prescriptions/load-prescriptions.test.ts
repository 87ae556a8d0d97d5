import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { isDeepStrictEqual } from "node:util";
import { loadPrescriptions } from "./load-prescriptions.js";
import { parseBlockYaml } from "./block-yaml.js";
import { readTarGzEntries } from "./tar-gz-entries.js";

const shared = resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared");
const tarball = join(shared, "data/thoth-prescriptions.tar.gz");
const haveShared = existsSync(tarball);
if (!haveShared) console.warn(`skipping the snapshot tests: ${tarball} is absent`);

const work = mkdtempSync(join(tmpdir(), "maat-presc-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const GOOD = `units:
  wraps:
  - name: FooWrap
    type: wrap
    should_include:
      adviser_pipeline: true
    match:
      state:
        resolved_dependencies:
        - name: foo
    run:
      justification:
      - type: INFO
        message: >-
          Foo is
          fine
        link: https://example.org/foo
        package_name: foo
`;
const BAD = `units:
  steps:
  - name: BadStep
    type: step
    should_include:
      adviser_pipeline: true
    match:
      package_version:
        name: bar
    run:
      score: high
`;

describe("parseBlockYaml", () => {
  it("agrees with the yaml package on its subset and declines the rest", () => {
    expect(parseBlockYaml(GOOD)).toEqual(parse(GOOD));
    expect(parseBlockYaml("a: [1, 2]\nb:\n- 'x'\n- \"y\\n\"\nc: null\nd: 1.5\n")).toEqual({ a: [1, 2], b: ["x", "y\n"], c: null, d: 1.5 });
    expect(parseBlockYaml("a: &x 1\nb: *x\n")).toBeUndefined();
    expect(parseBlockYaml("a: 1\na: 2\n")).toBeUndefined();
    expect(parseBlockYaml("a: one\n  two\n")).toBeUndefined();
  });
  it.skipIf(!haveShared)("agrees with the yaml package on every 40th snapshot file", async () => {
    let i = 0;
    let compared = 0;
    for await (const e of readTarGzEntries(tarball)) {
      if (!e.path.endsWith(".yaml") || i++ % 40 !== 0) continue;
      const text = e.content.toString("utf8");
      const fast = parseBlockYaml(text);
      if (fast === undefined) continue;
      compared += 1;
      expect(isDeepStrictEqual(fast, parse(text)), e.path).toBe(true);
    }
    expect(compared).toBeGreaterThan(1500);
  }, 60_000);
});

describe("loadPrescriptions", () => {
  const folder = join(work, "folder");
  mkdirSync(join(folder, "fo_"), { recursive: true });
  writeFileSync(join(folder, "fo_", "good.yaml"), GOOD);
  writeFileSync(join(folder, "fo_", "bad.yaml"), BAD);
  writeFileSync(join(folder, "broken.yaml"), "units: [\n");

  it("loads a folder, reports and skips the invalid unit and file", async () => {
    const r = await loadPrescriptions(folder);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.files).toBe(3);
    expect(r.value.declaredUnits).toBe(2);
    expect(r.value.units.map((u) => u.name)).toEqual(["FooWrap"]);
    const issues = r.value.issues.map((i) => [i.file, i.unit, i.path]);
    expect(issues).toContainEqual(["fo_/bad.yaml", "BadStep", "units.steps[0].run.score"]);
    expect(r.value.issues.find((i) => i.file === "broken.yaml")?.reason).toMatch(/YAML syntax/);
  });

  it("fails with strict, and for a bad path", async () => {
    const r = await loadPrescriptions(folder, { strict: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/issue/);
    const missing = await loadPrescriptions(join(work, "nope"));
    expect(missing).toMatchObject({ ok: false, error: expect.stringContaining("no such file or folder") });
  });

  it("refuses a folder without any prescription YAML, naming it and what it looked for", async () => {
    const empty = join(work, "empty");
    mkdirSync(join(empty, "sub"), { recursive: true });
    writeFileSync(join(empty, "sub", "notes.txt"), "units: []\n");
    expect(await loadPrescriptions(empty)).toEqual({
      ok: false, issues: [], error: `${empty}: no prescriptions found: looked for YAML files (*.yaml, *.yml) at any depth of the folder`,
    });
  });

  it.skipIf(!haveShared)("loads the snapshot tarball, then the same from the cache", async () => {
    const cacheDir = join(work, "cache");
    const cold = await loadPrescriptions(tarball, { cacheDir });
    if (!cold.ok) throw new Error(cold.error);
    expect(cold.value.source).toBe("yaml");
    expect(cold.value.files).toBe(65_091);
    expect(cold.value.declaredUnits).toBe(90_611);
    expect(cold.value.units.length).toBe(90_611);
    expect(cold.value.issues).toEqual([]);
    expect(cold.value.header?.name).toBe("thoth");
    const warm = await loadPrescriptions(tarball, { cacheDir });
    if (!warm.ok) throw new Error(warm.error);
    expect(warm.value.source).toBe("cache");
    expect(warm.value.units.length).toBe(90_611);
    expect(warm.value.units[1234]).toEqual(cold.value.units[1234]);
    const types = new Set(warm.value.units.map((u) => u.type));
    expect([...types].sort()).toEqual(["boot", "pseudonym", "sieve", "sieve.SkipPackage", "step", "step.Group", "step.SkipPackage", "wrap", "wrap.GHReleaseNotes"]);
    expect(readFileSync(tarball).length).toBeGreaterThan(0);
  }, 120_000);
});
