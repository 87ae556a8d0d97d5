import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { isAffected, type VersionOrder } from "../../core/advisory/index.js";
import { parseVersion } from "../../core/pep440/version.js";
import { versionKey } from "../../core/pep440/version-key.js";
import { loadAdvisories, MAX_ADVISORY_BYTES } from "./load-advisories.js";

const vulns = resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared/data/osv-pypa/vulns");
const haveShared = existsSync(vulns);
if (!haveShared) console.warn(`skipping the PyPA advisory tests: ${vulns} is absent`);

/** PEP 440 order through core/pep440's sortable version keys. */
const order: VersionOrder = {
  compare(a, b) {
    const x = parseVersion(a);
    const y = parseVersion(b);
    if (!x.ok || !y.ok) return undefined;
    const kx = versionKey(x.value);
    const ky = versionKey(y.value);
    return kx < ky ? -1 : kx > ky ? 1 : 0;
  },
};

const work = mkdtempSync(join(tmpdir(), "maat-osv-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
mkdirSync(join(work, "demo"));
writeFileSync(join(work, "demo", "X-1.yaml"), "id: X-1\naffected:\n- package: {name: Demo_Pkg, ecosystem: PyPI}\n  ranges:\n  - type: ECOSYSTEM\n    events:\n    - introduced: '1.0'\n    - last_affected: '1.4'\n  versions: ['0.5']\nreferences:\n- {type: WEB, url: https://example.org/x}\n");
writeFileSync(join(work, "demo", "X-2.yaml"), "id: X-2\nwithdrawn: '2024-01-01T00:00:00Z'\naffected:\n- package: {name: demo-pkg, ecosystem: PyPI}\n  versions: ['1.0']\n");
writeFileSync(join(work, "demo", "X-3.yaml"), "id: X-3\naffected: nope\n");

describe("loadAdvisories", () => {
  it("indexes by normalized name, drops withdrawn advisories, reports invalid files", () => {
    const r = loadAdvisories(work);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.files).toBe(3);
    expect(r.value.withdrawn).toBe(1);
    expect(r.value.issues).toEqual([{ file: join(work, "demo", "X-3.yaml"), reason: "affected: expected a list" }]);
    const [a] = r.value.byProject.get("demo-pkg") ?? [];
    expect(a.link).toBe("https://example.org/x");
    expect(isAffected(a, "demo-pkg", "0.5", order)).toBe(true);
    expect(isAffected(a, "demo-pkg", "0.9", order)).toBe(false);
    expect(isAffected(a, "demo-pkg", "1.4", order)).toBe(true);
    expect(isAffected(a, "demo-pkg", "1.4.1", order)).toBe(false);
    expect(loadAdvisories(work, { strict: true }).ok).toBe(false);
    expect(loadAdvisories(join(work, "none"))).toEqual({ ok: false, error: `${join(work, "none")}: no such folder` });
  });

  it("reads a clone of the database (the folder holding vulns/) and a flat OSV export alike", () => {
    const clone = join(work, "clone");
    mkdirSync(join(clone, "vulns", "demo"), { recursive: true });
    mkdirSync(join(clone, ".git"));
    writeFileSync(join(clone, "README.md"), "the database\n");
    writeFileSync(join(clone, "vulns", "demo", "X-1.yaml"), "id: X-1\nmodified: '2024-03-01T10:00:00Z'\naffected:\n- package: {name: demo, ecosystem: PyPI}\n  versions: ['1.0']\n");
    writeFileSync(join(clone, "vulns", "demo", "X-2.yaml"), "id: X-2\nmodified: 2024-05-02T08:00:00.5Z\naffected:\n- package: {name: demo, ecosystem: PyPI}\n  versions: ['2.0']\n");
    const r = loadAdvisories(clone);
    if (!r.ok) throw new Error(r.error);
    expect(r.value).toMatchObject({ folder: join(clone, "vulns"), files: 2, advisories: 2, newestModified: "2024-05-02T08:00:00.5Z" });
    const flat = join(work, "flat");
    mkdirSync(flat);
    writeFileSync(join(flat, "X-3.json"), JSON.stringify({ id: "X-3", affected: [{ package: { name: "demo", ecosystem: "PyPI" }, versions: ["3.0"] }] }));
    const f = loadAdvisories(flat);
    if (!f.ok) throw new Error(f.error);
    expect(f.value).toMatchObject({ folder: flat, files: 1, advisories: 1, newestModified: null });
    expect(f.value.byProject.get("demo")?.[0].id).toBe("X-3");
  });

  it("refuses a folder that yields no advisory, naming it and what it looked for", () => {
    const empty = join(work, "empty");
    mkdirSync(join(empty, "flask"), { recursive: true });
    writeFileSync(join(empty, "flask", "notes.txt"), "id: X\n");
    const r = loadAdvisories(empty);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(new RegExp(`^${empty.replace(/[/.]/g, "\\$&")}: no advisories found: looked for OSV files \\(\\*\\.yaml, \\*\\.yml, \\*\\.json\\) in <dir>/<project>/`));
    expect(r.error).toContain("<dir>/vulns/<project>/");
    const invalid = join(work, "invalid");
    mkdirSync(join(invalid, "demo"), { recursive: true });
    writeFileSync(join(invalid, "demo", "X-9.yaml"), "id: X-9\naffected: nope\n");
    expect(loadAdvisories(invalid)).toEqual({
      ok: false, error: `${invalid}: no usable advisory in 1 advisory files (1 invalid, 0 withdrawn); first: ${join(invalid, "demo", "X-9.yaml")}: affected: expected a list`,
    });
  });

  it.skipIf(!haveShared)("flask before 0.12.3 is affected by PYSEC-2018-66 (CVE-2018-1000656)", () => {
    const r = loadAdvisories(vulns);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.files).toBeGreaterThan(2600);
    expect(r.value.newestModified).toMatch(/^2024-10-/);
    const adv = (r.value.byProject.get("flask") ?? []).find((a) => a.id === "PYSEC-2018-66");
    expect(adv?.aliases).toContain("CVE-2018-1000656");
    expect(isAffected(adv!, "flask", "0.12.2", order)).toBe(true);
    expect(isAffected(adv!, "flask", "0.12.3", order)).toBe(false);
    expect(isAffected(adv!, "flask", "1.0", order)).toBe(false);
  });
});

describe("advisory files within limits (issue 15 items 1 and 3)", () => {
  it("reports a file over the size limit, a FIFO and a dangling symlink as issues, and reads the rest", () => {
    const dir = mkdtempSync(join(tmpdir(), "maat-osv-bounds-"));
    try {
      mkdirSync(join(dir, "flask"));
      writeFileSync(join(dir, "flask", "PYSEC-1.yaml"), "id: PYSEC-1\nmodified: 2023-01-01T00:00:00Z\naffected:\n- package: {name: flask, ecosystem: PyPI}\n  versions: ['1.0']\n");
      writeFileSync(join(dir, "flask", "huge.json"), Buffer.alloc(MAX_ADVISORY_BYTES + 1, 0x20));
      execFileSync("mkfifo", [join(dir, "flask", "fifo.yaml")]);
      symlinkSync(join(dir, "nowhere.yaml"), join(dir, "flask", "dangling.yaml"));
      const r = loadAdvisories(dir);
      if (!r.ok) throw new Error(r.error);
      expect(r.value.advisories).toBe(1);
      expect(r.value.issues.map((i) => [i.file.slice(dir.length + 1), i.reason])).toEqual([
        ["flask/dangling.yaml", "cannot read: ENOENT"],
        ["flask/fifo.yaml", "not a regular file (a FIFO, socket or device is not read)"],
        ["flask/huge.json", `${MAX_ADVISORY_BYTES + 1} bytes, over the ${MAX_ADVISORY_BYTES}-byte limit per advisory file`],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
