/**
 * `maat update` and `maat sample` on the tensorflow 2.1.0 graph (`make bench ONLY=update-sample`):
 * whole-command wall time of each update case (an old lock with the whole PyPA database, then with
 * Thoth's prescriptions too, then a seeded old lock) and of each sample rule for 100 stacks, one
 * run each, side by side, with the counts they report and the load average. Measures; asserts nothing.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { repoRoot, SHARED_MISSING, sharedData } from "../support/shared-data.js";

const run = promisify(execFile);
const maat = join(repoRoot, "bin/maat");

interface Timed { readonly wall: number; readonly code: number; readonly stdout: string; readonly stderr: string }

async function timed(args: readonly string[]): Promise<Timed> {
  const t0 = performance.now();
  try {
    const r = await run(maat, args, { timeout: 600_000, maxBuffer: 256 * 1024 * 1024 });
    return { wall: performance.now() - t0, code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== "number") throw error;
    return { wall: performance.now() - t0, code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const load = () => loadavg().map((x) => x.toFixed(1)).join(", ");

export async function bench(): Promise<string> {
  const tf21 = sharedData("pypi-graphs", "tf21-graph.json");
  const osv = sharedData("osv-pypa");
  const thoth = sharedData("thoth-prescriptions.tar.gz");
  if (tf21 === null || osv === null || thoth === null) return `## maat update and maat sample\n\n${SHARED_MISSING}`;
  const dir = mkdtempSync(join(tmpdir(), "maat-bench-update-"));
  try {
    const request = ["--index", tf21, "--python", "3.7", "tensorflow==2.1.0"];
    writeFileSync(join(dir, "requirements.in"), "tensorflow==2.1.0\n");
    const old = await timed(["resolve", ...request, "werkzeug<0.15", "urllib3<1.24", "markdown<3", "rsa<4"]);
    writeFileSync(join(dir, "old.txt"), old.stdout);
    const drawn = await timed(["sample", ...request, "werkzeug<0.15", "urllib3<1.24", "rsa<4", "--count", "1", "--seed", "1", "--format", "json"]);
    const seeded = (JSON.parse(drawn.stdout) as { packages: Record<string, string> }).packages;
    writeFileSync(join(dir, "seeded.txt"), `${Object.entries(seeded).map(([n, v]) => `${n}==${v}`).join("\n")}\n`);
    const update = (lock: string, extra: string[] = []) =>
      ["update", join(dir, "requirements.in"), "--lock", join(dir, lock), "--index", tf21, "--python", "3.7", "--advisories", osv, ...extra, "--format", "json"];
    const rows: string[] = [];
    const loads: string[] = [load()];
    for (const [label, args] of [
      ["old lock (`resolve` with old werkzeug, urllib3, markdown, rsa), PyPA database", update("old.txt")],
      ["the same with Thoth's prescriptions (65,090 files; compiled cache warm after the first run)", update("old.txt", ["--prescriptions", thoth])],
      ["seeded old lock (`maat sample --seed 1` under the same caps)", update("seeded.txt")],
    ] as const) {
      const r = await timed(args);
      if (r.code > 1) throw new Error(`maat ${args.join(" ")}: exit ${r.code}: ${r.stderr}`);
      const report = JSON.parse(r.stdout) as { audit: { advisories: unknown[]; prescriptions: unknown[] }[]; updates: unknown[]; full_update: { updates: unknown[] } | null; smallest_update: { unsafe: { advisories: unknown[] }[] } };
      const advisories = report.audit.reduce((n, p) => n + p.advisories.length, 0);
      const flags = report.audit.reduce((n, p) => n + p.prescriptions.length, 0);
      const left = report.smallest_update.unsafe.reduce((n, p) => n + p.advisories.length, 0);
      rows.push(`| ${label} | ${report.audit.length} | ${advisories} / ${flags} | ${report.updates.length} (${left} left) | ${report.full_update?.updates.length ?? "-"} | ${seconds(r.wall)} |`);
      loads.push(load());
    }
    const sampleRows: string[] = [];
    for (const rule of ["uniform", "random", "newest", "oldest", "one-change"]) {
      const r = await timed(["sample", ...request, "--count", "100", "--seed", "1", "--rule", rule, "--format", "json"]);
      if (r.code !== 0) throw new Error(`maat sample --rule ${rule}: exit ${r.code}: ${r.stderr}`);
      const line = r.stderr.split("\n").find((l) => / distinct stacks of /.test(l)) ?? "";
      sampleRows.push(`| ${rule} | ${line.replace(/\|/g, "\\|")} | ${seconds(r.wall)} |`);
      loads.push(load());
    }
    return [
      "## maat update and maat sample on the tensorflow 2.1.0 graph (`make bench ONLY=update-sample`)",
      "",
      "One run each, one after the other, whole command (`bin/maat`, Node start-up included).",
      "",
      "| update case | pins | advisories / prescription flags in the lock | smallest safe update: rows (advisories left) | full update: rows | wall |",
      "| --- | --- | --- | --- | --- | --- |",
      ...rows,
      "",
      "| sample rule (100 stacks, seed 1) | stderr (sampling time: count included; one-change: the advised stack's search excluded) | wall |",
      "| --- | --- | --- |",
      ...sampleRows,
      "",
      `Load average (1, 5, 15 min) before and after each command: ${loads.join("; ")}.`,
    ].join("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
