import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { isAffected, type VersionOrder } from "../../core/advisory/index.js";
import { parseVersion } from "../../core/pep440/version.js";
import { versionKey } from "../../core/pep440/version-key.js";
import { loadAdvisories } from "./load-advisories.js";

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

  it.skipIf(!haveShared)("flask before 0.12.3 is affected by PYSEC-2018-66 (CVE-2018-1000656)", () => {
    const r = loadAdvisories(vulns);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.files).toBeGreaterThan(2600);
    const adv = (r.value.byProject.get("flask") ?? []).find((a) => a.id === "PYSEC-2018-66");
    expect(adv?.aliases).toContain("CVE-2018-1000656");
    expect(isAffected(adv!, "flask", "0.12.2", order)).toBe(true);
    expect(isAffected(adv!, "flask", "0.12.3", order)).toBe(false);
    expect(isAffected(adv!, "flask", "1.0", order)).toBe(false);
  });
});
