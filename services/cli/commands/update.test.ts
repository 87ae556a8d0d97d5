/**
 * `maat update` through the built CLI and real pipes, on the Flask example with its PyPA advisories:
 * the audit, the smallest safe update against a pip-audit --fix style baseline (each vulnerable pin
 * bumped to its first fixed version, the rest kept where the resolver allows), --only, the Markdown
 * table, --write in the lock's own format, and the exit codes (0 nothing to do, 1 updates, 2 bad input).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMaat } from "../../../test/support/maat-cli.js";
import { repoRoot } from "../../../test/support/shared-data.js";
import { tempDir } from "../../../test/support/temp-dir.js";

const graph = join(repoRoot, "examples/flask/flask-graph.json");
const advisories = join(repoRoot, "examples/flask/advisories");
const base = ["--index", graph, "--python", "3.8", "--advisories", advisories];
const oldLock = "click==7.1.2\nflask==1.1.2\nitsdangerous==1.1.0\njinja2==2.10\nmarkupsafe==1.1.1\nwerkzeug==0.15.5\n";

interface Update { package: string; old: string | null; new: string | null; dev: boolean; fixes: { id: string }[] }
interface UpdateJson {
  schema: string;
  audit: { package: string; version: string; advisories: { id: string; aliases: string[]; fixed: string[]; link: string }[] }[];
  updates: Update[];
  smallest_update: { packages: Record<string, string>; safe: boolean; unsafe: { package: string; version: string; advisories: string[] }[] };
  full_update: { packages: Record<string, string>; updates: Update[] };
}

function project(): string {
  const d = tempDir("maat-update-");
  writeFileSync(join(d, "requirements.in"), "flask<2.3\n");
  writeFileSync(join(d, "requirements.txt"), oldLock);
  return d;
}

const cmp = (a: string, b: string) => {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};

describe("maat update", () => {
  it("audits the lock and proposes a smallest safe update no larger than bumping each advisory to its first fix", async () => {
    const d = project();
    const r = await runMaat(["update", join(d, "requirements.in"), "--lock", join(d, "requirements.txt"), ...base, "--format", "json"]);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as UpdateJson;
    expect(report.schema).toBe("maat.update/1");
    const jinja = report.audit.find((p) => p.package === "jinja2")!;
    expect(jinja.version).toBe("2.10");
    expect(jinja.advisories.map((a) => a.id)).toEqual(["PYSEC-2019-217", "PYSEC-2021-66"]);
    expect(jinja.advisories[0]).toMatchObject({ aliases: expect.arrayContaining(["CVE-2019-10906"]), fixed: ["2.10.1"], link: expect.stringMatching(/^https:/) });
    const before = report.audit.reduce((n, p) => n + p.advisories.length, 0);
    expect(before).toBe(7);
    // the updates list is the old-to-new diff of the smallest stack
    for (const u of report.updates) expect(report.smallest_update.packages[u.package] ?? null).toBe(u.new);
    expect(report.updates.find((u) => u.package === "jinja2")!.fixes.map((f) => f.id)).toEqual(["PYSEC-2019-217", "PYSEC-2021-66"]);
    // least exposed: werkzeug's PYSEC-2023-221 is fixed only in 2.3.8, which the snapshot lacks
    expect(report.smallest_update.unsafe).toEqual([{ package: "werkzeug", version: report.smallest_update.packages.werkzeug, advisories: ["PYSEC-2023-221"] }]);

    // the baseline, pip-audit --fix's way: each vulnerable pin raised to its first fixed version above it, the others kept where allowed
    const floors = report.audit.filter((p) => p.advisories.length > 0).map((p) => {
      const fixes = p.advisories.flatMap((a) => a.fixed).filter((v) => cmp(v, p.version) > 0).sort(cmp);
      return `${p.package}>=${fixes[0]}`;
    });
    writeFileSync(join(d, "floors.txt"), `${floors.join("\n")}\n`);
    const baseline = await runMaat(["resolve", "--index", graph, "--python", "3.8", "--format", "json", "--locked", join(d, "requirements.txt"), "-c", join(d, "floors.txt"), "flask<2.3"]);
    expect(baseline.code, baseline.stderr).toBe(0);
    const baselineStack = JSON.parse(baseline.stdout).packages as Record<string, string>;
    const old = Object.fromEntries(oldLock.trim().split("\n").map((l) => l.split("==") as [string, string]));
    const changes = (stack: Record<string, string>) => [...new Set([...Object.keys(old), ...Object.keys(stack)])].filter((n) => old[n] !== stack[n]).length;
    expect(report.updates.length).toBe(changes(report.smallest_update.packages));
    expect(report.updates.length).toBeLessThanOrEqual(changes(baselineStack));
    writeFileSync(join(d, "baseline.txt"), Object.entries(baselineStack).map(([n, v]) => `${n}==${v}`).join("\n"));
    const audited = await runMaat(["update", join(d, "requirements.in"), "--lock", join(d, "baseline.txt"), ...base, "--format", "json"]);
    const left = (JSON.parse(audited.stdout) as UpdateJson).audit.reduce((n, p) => n + p.advisories.length, 0);
    const smallestLeft = report.smallest_update.unsafe.reduce((n, p) => n + p.advisories.length, 0);
    expect(smallestLeft).toBeLessThanOrEqual(left);
    expect(smallestLeft).toBeLessThan(before);
  }, 240_000);

  it("--only changes only the packages given; the Markdown table renders; --write rewrites the lock; then nothing to do exits 0", async () => {
    const d = project();
    const args = ["update", join(d, "requirements.in"), "--lock", join(d, "requirements.txt"), ...base];
    const only = await runMaat([...args, "--only", "Jinja2", "--format", "json"]);
    expect(only.code, only.stderr).toBe(1);
    const o = JSON.parse(only.stdout) as UpdateJson;
    expect(o.updates.map((u) => [u.package, u.old, u.new])).toEqual([["jinja2", "2.10", "2.11.3"]]);
    expect(o.full_update.updates.every((u) => u.package === "jinja2")).toBe(true);

    const md = await runMaat(args);
    expect(md.code, md.stderr).toBe(1);
    const lines = md.stdout.split("\n");
    expect(lines[0]).toBe(`## maat update: ${join(d, "requirements.txt")}`);
    const table = lines.slice(lines.indexOf("### Smallest safe update (8 packages)") + 2).filter((l, i, all) => all.slice(0, i + 1).every((x) => x.startsWith("|")));
    expect(table[0]).toBe("| package | old | new | dev | why |");
    expect(table[1]).toBe("| --- | --- | --- | --- | --- |");
    for (const row of table) expect(row.replace(/\\\|/g, "").split("|").length).toBe(7);
    expect(md.stdout).toMatch(/^\| jinja2 \| 2\.10 \| 3\.\d+\.\d+ \| no \| fixes \[PYSEC-2019-217\]\(https:[^)]+\)/m);

    const write = await runMaat([...args, "--write"]);
    expect(write.code, write.stderr).toBe(1);
    expect(write.stderr).toContain(`wrote ${join(d, "requirements.txt")}`);
    const written = readFileSync(join(d, "requirements.txt"), "utf8");
    expect(written).toMatch(/^# This file was generated by maat/);
    const after = await runMaat([...args, "--format", "json"]);
    expect((JSON.parse(after.stdout) as UpdateJson).updates).toEqual([]);
    const full = await runMaat([...args, "--write", "--full"]);
    expect(full.code, full.stderr).toBe(1);
    const done = await runMaat(args);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain("Nothing to change: no locked package has to move.");
    expect(done.stdout).toContain("The lock is the advised stack.");
  }, 240_000);

  it("refuses bad input with exit 2 naming the file or flag", async () => {
    const d = project();
    const cases: [string[], RegExp][] = [
      [["update", join(d, "requirements.in"), ...base], /--lock: give the lock file to update/],
      [["update", join(d, "requirements.in"), "--lock", join(d, "x.lock"), ...base], /--lock: cannot tell the lock format of "x\.lock"/],
      [["update", join(d, "requirements.in"), "--lock", join(d, "requirements.txt"), "--only", "django", ...base], /--only: django is not in .*requirements\.txt \(locked: click, flask/],
      [["update", join(d, "requirements.in"), "--lock", join(d, "missing.txt"), ...base], /--lock: .*missing\.txt/],
    ];
    for (const [args, message] of cases) {
      const r = await runMaat(args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  }, 120_000);
});
