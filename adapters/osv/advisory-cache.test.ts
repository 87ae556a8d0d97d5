import { mkdirSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadAdvisories } from "./load-advisories.js";
import { tempDir } from "../../test/support/temp-dir.js";

function advisory(id: string, fixed: string): string {
  return `id: ${id}\nsummary: test\naffected:\n- package:\n    ecosystem: PyPI\n    name: Demo_Lib\n  ranges:\n  - type: ECOSYSTEM\n    events:\n    - introduced: "0"\n    - fixed: "${fixed}"\nreferences:\n- type: ADVISORY\n  url: https://example.org/${id}\n`;
}

describe("advisory cache", () => {
  it("answers the second load from the cache, and reads the folder again when a file changes", () => {
    const root = tempDir("maat-osv-");
    const cacheDir = join(root, "cache");
    const vulns = join(root, "vulns");
    mkdirSync(join(vulns, "demo-lib"), { recursive: true });
    writeFileSync(join(vulns, "demo-lib", "TEST-1.yaml"), advisory("TEST-1", "1.0"));
    writeFileSync(join(vulns, "demo-lib", "TEST-2.yaml"), "id: [not, an, id\n");
    const first = loadAdvisories(vulns, { cacheDir });
    expect(first.ok).toBe(true);
    expect(readdirSync(cacheDir).filter((f) => f.startsWith("advisories-"))).toHaveLength(1);
    const second = loadAdvisories(vulns, { cacheDir });
    expect(second).toEqual(first);
    if (!second.ok) return;
    expect(second.value.byProject.get("demo-lib")?.[0]).toMatchObject({ id: "TEST-1", link: "https://example.org/TEST-1" });
    expect(second.value.issues).toHaveLength(1);
    expect(loadAdvisories(vulns, { cacheDir, strict: true }).ok).toBe(false);

    writeFileSync(join(vulns, "demo-lib", "TEST-1.yaml"), advisory("TEST-1", "2.0"));
    utimesSync(join(vulns, "demo-lib", "TEST-1.yaml"), new Date(), new Date(Date.now() + 5000));
    const third = loadAdvisories(vulns, { cacheDir });
    expect(third.ok && JSON.stringify(third.value.byProject.get("demo-lib")?.[0].affected)).toContain("2.0");
  });

  it("ignores a damaged cache file and rebuilds it", () => {
    const root = tempDir("maat-osv-");
    const cacheDir = join(root, "cache");
    const vulns = join(root, "vulns");
    mkdirSync(join(vulns, "demo-lib"), { recursive: true });
    writeFileSync(join(vulns, "demo-lib", "TEST-1.yaml"), advisory("TEST-1", "1.0"));
    const first = loadAdvisories(vulns, { cacheDir });
    const [file] = readdirSync(cacheDir);
    writeFileSync(join(cacheDir, file), "{ truncated");
    expect(loadAdvisories(vulns, { cacheDir })).toEqual(first);
  });
});
