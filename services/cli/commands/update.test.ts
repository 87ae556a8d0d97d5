/**
 * `maat update` through the built CLI and real pipes, on the Flask example with its PyPA advisories:
 * the audit, the smallest safe update against a pip-audit --fix style baseline (each vulnerable pin
 * bumped to its first fixed version, the rest kept where the resolver allows), --only, the Markdown
 * table, --write in the lock's own format, and the exit codes (0 nothing to do, 1 updates, 2 bad input).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMaat } from "../../../test/support/maat-cli.js";
import { repoRoot, sharedData } from "../../../test/support/shared-data.js";
import { tempDir } from "../../../test/support/temp-dir.js";

const graph = join(repoRoot, "examples/flask/flask-graph.json");
const advisories = join(repoRoot, "examples/flask/advisories");
const tf21 = sharedData("pypi-graphs", "tf21-graph.json");
const osv = sharedData("osv-pypa");
const flaskGraph = sharedData("pypi-graphs", "flask-graph.json");
const thoth = sharedData("thoth-prescriptions.tar.gz");
if (thoth === null) process.stderr.write("update.test: ../shared/data/thoth-prescriptions.tar.gz is absent: the Thoth prescriptions case is skipped\n");
if (tf21 === null || osv === null) process.stderr.write("update.test: ../shared/data (tf21-graph.json, osv-pypa) is absent: the tensorflow case is skipped\n");
const base = ["--index", graph, "--python", "3.8", "--advisories", advisories];
const oldLock = "click==7.1.2\nflask==1.1.2\nitsdangerous==1.1.0\njinja2==2.10\nmarkupsafe==1.1.1\nwerkzeug==0.15.5\n";

interface Flag { unit: string; kind: string; effect: string; score: number | null; message: string; link: string | null }
interface Update {
  package: string; old: string | null; new: string | null; dev: boolean; fixes: { id: string }[]; prescriptions_fixed: Flag[];
  score_old: number | null; score_new: number | null; score_delta: number | null; justifications: { type: string; message: string; link: string | null }[];
}
interface UpdateJson {
  schema: string;
  audit: { package: string; version: string; advisories: { id: string; aliases: string[]; fixed: string[]; link: string }[]; prescriptions: Flag[] }[];
  updates: Update[];
  smallest_update: { packages: Record<string, string>; safe: boolean; unsafe: { package: string; version: string; advisories: string[] }[] };
  full_update: { packages: Record<string, string>; updates: Update[] };
}

/** A small prescription set (Thoth's v1 format): a sieve, a step and a state step that flag the old lock. */
const PRESCRIPTIONS = `units:
  sieves:
  - name: OldWerkzeugSieve
    type: sieve
    should_include: {adviser_pipeline: true}
    match: {package_version: {name: werkzeug, version: "<0.16"}}
    run:
      log: {type: WARNING, message: werkzeug before 0.16 breaks on Python 3.8}
      stack_info: [{type: WARNING, message: werkzeug before 0.16 breaks on Python 3.8, link: "https://example.org/j/old-werkzeug"}]
  steps:
  - name: OldClickStep
    type: step
    should_include: {adviser_pipeline: true}
    match: {package_version: {name: click, version: "<8"}}
    run:
      score: -0.5
      justification: [{type: WARNING, message: click 7 lacks zsh completion, link: click_7}]
  - name: ItsdangerousFlaskStep
    type: step
    should_include: {adviser_pipeline: true}
    match: {package_version: {name: itsdangerous, version: "<2"}, state: {resolved_dependencies: [{name: flask, version: "<2"}]}}
    run:
      score: -0.25
      justification: [{type: WARNING, message: itsdangerous 1 with flask 1 signs with SHA-1, link: "https://example.org/j/sha1"}]
`;

/**
 * A strict GitHub-flavoured Markdown table check (no Markdown parser is installed): a header row, a
 * delimiter row of as many `---` cells, every body row as many cells (escaped pipes inside cells),
 * no empty cell, and a blank line or the end before and after it.
 */
function expectTables(markdown: string): number {
  const lines = markdown.split("\n");
  const cells = (l: string) => l.replace(/\\\|/g, "").slice(1, -1).split("|").map((c) => c.trim());
  let tables = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith("|") || (i > 0 && lines[i - 1]!.startsWith("|"))) continue;
    tables++;
    expect(i === 0 || lines[i - 1] === "", `a blank line before the table at line ${i + 1}`).toBe(true);
    const width = cells(lines[i]!).length;
    expect(cells(lines[i + 1]!), `delimiter row of the table at line ${i + 1}`).toEqual(Array.from({ length: width }, () => "---"));
    let j = i + 2;
    for (; j < lines.length && lines[j]!.startsWith("|"); j++) {
      expect(lines[j]!.endsWith("|"), `line ${j + 1} ends with a pipe`).toBe(true);
      const row = cells(lines[j]!);
      expect(row.length, `line ${j + 1}: ${lines[j]}`).toBe(width);
      expect(row.every((c) => c.length > 0), `line ${j + 1} has no empty cell`).toBe(true);
    }
    expect(j === lines.length || lines[j] === "", `a blank line after the table ending at line ${j}`).toBe(true);
  }
  return tables;
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

/**
 * The baseline, pip-audit --fix's way, built independently of maat update: each vulnerable pin raised
 * to its first fixed version above it, every other pin kept where the resolver allows (maat resolve
 * --locked); the smallest safe update leaves no more advisories and, with as many left, changes no
 * more packages (restricted to what the baseline moved when it leaves fewer).
 */
async function expectNoWorseThanBaseline(d: string, report: UpdateJson, request: string[], updateArgs: string[], lockText: string): Promise<void> {
  writeFileSync(join(d, "old.txt"), lockText);
  // one package at a time, as pip-audit --fix: a floor the request cannot meet (a pinned root, a fix
  // needing a newer Python) is not applied
  const floors: string[] = [];
  let baselineStack: Record<string, string> | null = null;
  for (const p of report.audit.filter((x) => x.advisories.length > 0)) {
    const fixes = p.advisories.flatMap((a) => a.fixed).filter((v) => cmp(v, p.version) > 0).sort(cmp);
    if (fixes.length === 0) continue;
    writeFileSync(join(d, "floors.txt"), `${[...floors, `${p.package}>=${fixes[0]}`].join("\n")}\n`);
    const tried = await runMaat(["resolve", ...request, "--format", "json", "--locked", join(d, "old.txt"), "-c", join(d, "floors.txt")]);
    if (tried.code !== 0) continue;
    floors.push(`${p.package}>=${fixes[0]}`);
    baselineStack = JSON.parse(tried.stdout).packages as Record<string, string>;
  }
  expect(baselineStack, "the baseline applies at least one fix").not.toBeNull();
  const old = Object.fromEntries(lockText.trim().split("\n").filter((l) => l.includes("==")).map((l) => l.split(" ")[0]!.split("==") as [string, string]));
  const changes = (stack: Record<string, string>) => [...new Set([...Object.keys(old), ...Object.keys(stack)])].filter((n) => old[n] !== stack[n]).length;
  const before = report.audit.reduce((n, p) => n + p.advisories.length, 0);
  expect(report.updates.length).toBe(changes(report.smallest_update.packages));
  writeFileSync(join(d, "baseline.txt"), Object.entries(baselineStack!).map(([n, v]) => `${n}==${v}`).join("\n"));
  const audited = await runMaat(["update", join(d, "requirements.in"), "--lock", join(d, "baseline.txt"), ...updateArgs, "--format", "json"]);
  const advisoriesIn = (r: UpdateJson) => r.audit.reduce((n, p) => n + p.advisories.length, 0);
  const left = advisoriesIn(JSON.parse(audited.stdout) as UpdateJson);
  const leftBy = (r: UpdateJson) => r.smallest_update.unsafe.reduce((n, p) => n + p.advisories.length, 0);
  const smallestLeft = leftBy(report);
  expect(smallestLeft).toBeLessThanOrEqual(left);
  expect(smallestLeft).toBeLessThan(before);
  // Fewest advisories come first: with as many left as the baseline, no more changes; with fewer, the
  // changes may be more (the fix needs them), so the same check runs where the baseline may move
  // only what it moved (--only): the baseline is one of those stacks.
  if (smallestLeft === left) {
    expect(report.updates.length).toBeLessThanOrEqual(changes(baselineStack!));
    return;
  }
  const moved = Object.keys(old).filter((n) => baselineStack![n] !== old[n]);
  const only = await runMaat(["update", join(d, "requirements.in"), "--lock", join(d, "old.txt"), ...updateArgs, ...moved.flatMap((n) => ["--only", n]), "--format", "json"]);
  expect(only.code, only.stderr).toBe(1);
  const restricted = JSON.parse(only.stdout) as UpdateJson;
  expect(leftBy(restricted)).toBeLessThanOrEqual(left);
  if (leftBy(restricted) === left) expect(restricted.updates.length).toBeLessThanOrEqual(changes(baselineStack!));
}

describe("maat update", () => {
  it("audits the lock and proposes a smallest safe update no larger than bumping each advisory to its first fix", async () => {
    const d = project();
    const r = await runMaat(["update", join(d, "requirements.in"), "--lock", join(d, "requirements.txt"), ...base, "--format", "json"]);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as UpdateJson;
    expect(report.schema).toBe("maat.update/1");
    // the full and the smallest update compile the same closure: each warning is said once
    const warnings = r.stderr.split("\n").filter((l) => l.startsWith("warning: "));
    expect(warnings.length).toBeGreaterThan(0);
    expect(new Set(warnings).size).toBe(warnings.length);
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

    await expectNoWorseThanBaseline(d, report, ["--index", graph, "--python", "3.8", "flask<2.3"], base, oldLock);
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
    expect(table[0]).toBe("| package | old | new | dev | why | score delta | justification |");
    expect(table.length).toBe(2 + 8);
    expect(expectTables(md.stdout)).toBe(3);
    expect(md.stdout).toMatch(/^\| jinja2 \| 2\.10 \| 3\.\d+\.\d+ \| no \| fixes \[PYSEC-2019-217\]\(https:[^)]+\)[^|]* \| [+-]\d+\.\d{3} \| /m);

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
    expect(expectTables(done.stdout)).toBe(1); // the advisory no stack fixes (werkzeug PYSEC-2023-221)
  }, 240_000);

  it("audits the prescriptions that flag each locked version, and gives each move its score delta and justification link", async () => {
    const d = project();
    mkdirSync(join(d, "prescriptions"));
    writeFileSync(join(d, "prescriptions", "flags.yaml"), PRESCRIPTIONS);
    const args = ["update", join(d, "requirements.in"), "--lock", join(d, "requirements.txt"), ...base, "--prescriptions", join(d, "prescriptions")];
    const [json, md, advised] = await Promise.all([
      runMaat([...args, "--format", "json"]), runMaat(args),
      runMaat(["advise", "--index", graph, "--python", "3.8", "--advisories", advisories, "--prescriptions", join(d, "prescriptions"), "--format", "json", "flask<2.3"]),
    ]);
    expect(json.code, json.stderr).toBe(1);
    const report = JSON.parse(json.stdout) as UpdateJson;
    const flags = Object.fromEntries(report.audit.map((p) => [p.package, p.prescriptions]));
    expect(flags.werkzeug).toEqual([{ unit: "OldWerkzeugSieve", kind: "sieve", effect: "removes", score: null, message: "werkzeug before 0.16 breaks on Python 3.8", link: "https://example.org/j/old-werkzeug" }]);
    expect(flags.click).toEqual([{ unit: "OldClickStep", kind: "step", effect: "penalises", score: -0.5, message: "click 7 lacks zsh completion", link: "https://thoth-station.ninja/j/click_7" }]);
    // a state step: itsdangerous 1.1.0 is flagged because the lock holds flask 1.1.2
    expect(flags.itsdangerous).toEqual([{ unit: "ItsdangerousFlaskStep", kind: "step", effect: "penalises", score: -0.25, message: "itsdangerous 1 with flask 1 signs with SHA-1", link: "https://example.org/j/sha1" }]);
    expect(flags.jinja2).toEqual([]);
    const byName = (updates: Update[]) => Object.fromEntries(updates.map((u) => [u.package, u]));
    const smallest = byName(report.updates);
    expect(smallest.werkzeug!.prescriptions_fixed.map((f) => f.unit)).toEqual(["OldWerkzeugSieve"]);
    expect(smallest.click!.prescriptions_fixed.map((f) => f.unit)).toEqual(["OldClickStep"]);
    // the old werkzeug is removed by the sieve: it has no score, so no delta
    expect([smallest.werkzeug!.score_old, smallest.werkzeug!.score_delta]).toEqual([null, null]);
    for (const u of [...report.updates, ...report.full_update.updates]) {
      if (u.score_old !== null && u.score_new !== null) expect(u.score_delta).toBeCloseTo(u.score_new - u.score_old, 9);
      if (u.old === null) expect(u.score_old).toBe(0);
    }
    // click 7.1.2 carries the step's -0.5: any click 8 gains at least that
    expect(smallest.click!.score_delta!).toBeGreaterThan(0.5);
    // the full update's new scores are the advised stack's per-package breakdown, as maat advise reports it
    expect(advised.code, advised.stderr).toBe(0);
    const product = (JSON.parse(advised.stdout) as { products: { packages: Record<string, string>; breakdown: Record<string, { score: number }> }[] }).products[0]!;
    expect(report.full_update.packages).toEqual(product.packages);
    for (const u of report.full_update.updates) if (u.new !== null) expect(u.score_new, u.package).toBeCloseTo(product.breakdown[u.package]!.score, 6);
    // Markdown: the audit's prescription table, the why, delta and justification columns
    expect(md.code, md.stderr).toBe(1);
    expect(md.stdout).toContain("Audit: 7 advisories in 3 of 6 locked packages; 3 prescription flags on 3 of them.");
    expect(md.stdout).toContain("| click | 7.1.2 | [OldClickStep](https://thoth-station.ninja/j/click_7) | penalises (-0.5) | click 7 lacks zsh completion |");
    expect(md.stdout).toContain("| werkzeug | 0.15.5 | [OldWerkzeugSieve](https://example.org/j/old-werkzeug) | removes | werkzeug before 0.16 breaks on Python 3.8 |");
    expect(md.stdout).toMatch(/^\| click \| 7\.1\.2 \| 8\.\d+\.\d+ \| no \| no longer flagged by \[OldClickStep\]\(https:\/\/thoth-station\.ninja\/j\/click_7\) \| \+\d\.\d{3} \| \[OldClickStep\]\(https:\/\/thoth-station\.ninja\/j\/click_7\) \|$/m);
    expect(md.stdout).toMatch(/^\| werkzeug \| 0\.15\.5 \| [\d.]+ \| no \| fixes .*; no longer flagged by \[OldWerkzeugSieve\]\(https:\/\/example\.org\/j\/old-werkzeug\) \| n\/a \| \[OldWerkzeugSieve\]/m);
    expect(md.stdout).toContain("score delta: the package's part of the advised stack's score");
    expect(expectTables(md.stdout)).toBe(4);
  }, 240_000);

  it.skipIf(tf21 === null || osv === null || thoth === null)("on the tensorflow 2.1 graph with Thoth's prescriptions: the h5py step flags h5py 3 and the update moves it below 3", async () => {
    const d = tempDir("maat-update-thoth-");
    const request = ["--index", tf21!, "--python", "3.7", "tensorflow==2.1.0"];
    const old = await runMaat(["resolve", ...request, "rsa<4"]);
    expect(old.code, old.stderr).toBe(0);
    expect(old.stdout).toMatch(/^h5py==3\./m);
    writeFileSync(join(d, "requirements.in"), "tensorflow==2.1.0\n");
    writeFileSync(join(d, "requirements.txt"), old.stdout);
    const args = ["update", join(d, "requirements.in"), "--lock", join(d, "requirements.txt"), "--index", tf21!, "--python", "3.7", "--advisories", osv!, "--prescriptions", thoth!];
    const r = await runMaat([...args, "--format", "json"], { timeoutMs: 300_000 });
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as UpdateJson;
    const h5py = report.audit.find((p) => p.package === "h5py")!;
    expect(h5py.prescriptions.filter((f) => f.kind !== "wrap")).toEqual([{
      unit: "TensorFlow21H5pyStep[0]", kind: "step", effect: "rejects", score: null, link: "https://thoth-station.ninja/j/tf_21_h5py",
      message: "tensorflow in version 2.1 can cause runtime errors when running with h5py>=3 caused by library overpinning",
    }]);
    const move = report.updates.find((u) => u.package === "h5py")!;
    expect(move.new).toMatch(/^2\./);
    expect(move.prescriptions_fixed.map((f) => f.unit)).toContain("TensorFlow21H5pyStep[0]");
    // the Markdown fits a pull request's body (GitHub: 65,536 characters)
    const md = await runMaat(args, { timeoutMs: 300_000 });
    expect(md.code, md.stderr).toBe(1);
    expect(md.stdout.length).toBeLessThan(65_536);
    expect(md.stdout).toMatch(/^\| h5py \| 3\.[\d.]+ \| \[TensorFlow21H5pyStep\[0\]\]\(https:\/\/thoth-station\.ninja\/j\/tf_21_h5py\) \| rejects \| /m);
    expectTables(md.stdout);
  }, 600_000);

  it.skipIf(tf21 === null)("on the tensorflow 2.1 graph with the whole PyPA database: no larger and no more exposed than the baseline", async () => {
    const d = tempDir("maat-update-tf-");
    const request = ["--index", tf21!, "--python", "3.7", "tensorflow==2.1.0"];
    // an old lock: the resolution with old werkzeug, urllib3, markdown and rsa
    const old = await runMaat(["resolve", ...request, "werkzeug<0.15", "urllib3<1.24", "markdown<3", "rsa<4"]);
    expect(old.code, old.stderr).toBe(0);
    writeFileSync(join(d, "requirements.in"), "tensorflow==2.1.0\n");
    writeFileSync(join(d, "requirements.txt"), old.stdout);
    const updateArgs = ["--index", tf21!, "--python", "3.7", "--advisories", osv!];
    const r = await runMaat(["update", join(d, "requirements.in"), "--lock", join(d, "requirements.txt"), ...updateArgs, "--format", "json"], { timeoutMs: 300_000 });
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as UpdateJson;
    expect(report.updates.map((u) => u.package)).toEqual(expect.arrayContaining(["rsa", "urllib3", "werkzeug"]));
    await expectNoWorseThanBaseline(d, report, request, updateArgs, old.stdout);
    // seeded old locks: a uniform stack drawn under the same caps
    for (const seed of [1, 2]) {
      const drawn = await runMaat(["sample", ...request, "werkzeug<0.15", "urllib3<1.24", "rsa<4", "--count", "1", "--seed", String(seed), "--format", "json"]);
      expect(drawn.code, drawn.stderr).toBe(0);
      const lockText = `${Object.entries((JSON.parse(drawn.stdout) as { packages: Record<string, string> }).packages).map(([n, v]) => `${n}==${v}`).join("\n")}\n`;
      const s = tempDir(`maat-update-tf-seed${seed}-`);
      writeFileSync(join(s, "requirements.in"), "tensorflow==2.1.0\n");
      writeFileSync(join(s, "requirements.txt"), lockText);
      const seeded = await runMaat(["update", join(s, "requirements.in"), "--lock", join(s, "requirements.txt"), ...updateArgs, "--format", "json"], { timeoutMs: 300_000 });
      expect(seeded.code, `seed ${seed}: ${seeded.stderr}`).toBe(1);
      await expectNoWorseThanBaseline(s, JSON.parse(seeded.stdout) as UpdateJson, request, updateArgs, lockText);
    }
  }, 900_000);

  it.skipIf(flaskGraph === null || osv === null)("on the Flask graph with the whole PyPA database, for seeded old locks: no larger and no more exposed than the baseline", async () => {
    const request = ["--index", flaskGraph!, "--python", "3.8", "flask<2.3"];
    const updateArgs = ["--index", flaskGraph!, "--python", "3.8", "--advisories", osv!];
    for (const seed of [1, 2, 3]) {
      // an old lock drawn with the seed: a uniform stack of Flask 1.x with old werkzeug, jinja2, click and itsdangerous
      const old = await runMaat(["sample", ...request, "flask>=1,<2", "werkzeug<1", "jinja2<2.11", "click<8", "itsdangerous<2", "--count", "1", "--seed", String(seed), "--format", "json"]);
      expect(old.code, old.stderr).toBe(0);
      const packages = (JSON.parse(old.stdout) as { packages: Record<string, string> }).packages;
      const lockText = `${Object.entries(packages).map(([n, v]) => `${n}==${v}`).join("\n")}\n`;
      const d = tempDir(`maat-update-seed${seed}-`);
      writeFileSync(join(d, "requirements.in"), "flask<2.3\n");
      writeFileSync(join(d, "requirements.txt"), lockText);
      const r = await runMaat(["update", join(d, "requirements.in"), "--lock", join(d, "requirements.txt"), ...updateArgs, "--format", "json"]);
      expect(r.code, `seed ${seed}: ${r.stderr}`).toBe(1);
      await expectNoWorseThanBaseline(d, JSON.parse(r.stdout) as UpdateJson, request, updateArgs, lockText);
    }
  }, 600_000);

  it("refuses bad input with exit 2 naming the file or flag", async () => {
    const d = project();
    writeFileSync(join(d, "empty.txt"), "# nothing pinned\n");
    const cases: [string[], RegExp][] = [
      [["update", join(d, "requirements.in"), ...base], /--lock: give the lock file to update/],
      [["update", join(d, "requirements.in"), "--lock", join(d, "x.lock"), ...base], /--lock: cannot tell the lock format of "x\.lock"/],
      [["update", join(d, "requirements.in"), "--lock", join(d, "requirements.txt"), "--only", "django", ...base], /--only: django is not in .*requirements\.txt \(locked: click, flask/],
      [["update", join(d, "requirements.in"), "--lock", join(d, "missing.txt"), ...base], /--lock: .*missing\.txt/],
      [["update", join(d, "requirements.in"), "--lock", join(d, "empty.txt"), ...base], /--lock: .*empty\.txt pins no package/],
    ];
    for (const [args, message] of cases) {
      const r = await runMaat(args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  }, 120_000);
});
