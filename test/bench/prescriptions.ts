/**
 * Prescription loading (cold from the tarball, warm from the compiled cache), turning the loaded
 * units into one request's pipeline units (should_include and compilation, first call and warm)
 * and building the pipeline (boots run), and PyPA advisory loading.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadAdvisories } from "../../adapters/osv/index.js";
import { loadPrescriptions } from "../../adapters/prescriptions/index.js";
import { environmentFor } from "../../core/pep508/index.js";
import { buildPipeline, builtInUnits, versionMatches } from "../../core/pipeline/index.js";
import { prescriptionUnits } from "../../core/prescription-units/index.js";
import type { PrescriptionUnit } from "../../core/prescription/index.js";

/** User + system CPU time since `from`, in ms: what a load costs whatever else the machine runs (the wall time is in `ms`). */
const cpuMs = (from: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};

export async function bench(): Promise<string> {
  // The repository root is the nearest folder with a package.json (sources run from dist/ too).
  let root = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(root, "package.json")) && dirname(root) !== root) root = dirname(root);
  const shared = resolve(root, "../shared/data");
  const tarball = join(shared, "thoth-prescriptions.tar.gz");
  if (!existsSync(tarball)) return `## Prescriptions\n\nskipped: ${tarball} is absent\n`;
  const cacheDir = mkdtempSync(join(tmpdir(), "maat-bench-presc-"));
  const rows: string[] = [];
  const mb = (n: number): string => (n / 2 ** 20).toFixed(0);
  try {
    let peakRss = process.memoryUsage().rss;
    const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    let units: readonly PrescriptionUnit[] = [];
    for (const label of ["cold (tar.gz -> YAML -> model)", "warm (compiled cache)"]) {
      const t = performance.now();
      const cpu0 = process.cpuUsage();
      const r = await loadPrescriptions(tarball, { cacheDir });
      const ms = performance.now() - t;
      const cpu = cpuMs(cpu0);
      if (!r.ok) throw new Error(r.error);
      units = r.value.units;
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      rows.push(`| ${label} | ${r.value.files} | ${r.value.units.length} | ${ms.toFixed(0)} | ${cpu.toFixed(0)} | ${((r.value.units.length / ms) * 1000).toFixed(0)} | ${mb(m.rss)} | ${mb(peakRss)} | ${mb(m.heapUsed)} |`);
    }
    // One request's pipeline: stable, Python 3.7, Linux, tensorflow==2.1.0 (what `maat advise --prescriptions` does per advise).
    const context = {
      pipeline: "adviser" as const, recommendationType: "stable" as const, authenticated: false, labels: {},
      environment: { pythonVersion: "3.7", platform: "linux-x86_64" }, versionSatisfies: versionMatches,
    };
    for (const label of ["prescriptionUnits, first call", "prescriptionUnits, warm (median of 5)"]) {
      const times: number[] = [];
      const cpus: number[] = [];
      let compiled;
      for (let i = 0; i < (label.endsWith("first call") ? 1 : 5); i++) {
        const t = performance.now();
        const cpu0 = process.cpuUsage();
        compiled = prescriptionUnits(units, context);
        times.push(performance.now() - t);
        cpus.push(cpuMs(cpu0));
      }
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const ms = median(times);
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      if (compiled === undefined) throw new Error("bug: no run");
      rows.push(`| ${label} (${compiled.units.length} pipeline units) | | ${units.length} | ${ms.toFixed(0)} | ${median(cpus).toFixed(0)} | ${((units.length / ms) * 1000).toFixed(0)} | ${mb(m.rss)} | ${mb(peakRss)} | ${mb(m.heapUsed)} |`);
      if (label.endsWith("first call")) {
        const t = performance.now();
        const cpu0 = process.cpuUsage();
        buildPipeline({
          recommendationType: "stable", environment: environmentFor({ python: "3.7", platform: "linux" }), requirements: ["tensorflow==2.1.0"],
          units: [...builtInUnits({ recommendationType: "stable" }), ...compiled.units],
        });
        const built = performance.now() - t;
        rows.push(`| buildPipeline (boots run) | | ${compiled.units.length} | ${built.toFixed(0)} | ${cpuMs(cpu0).toFixed(0)} | | | | |`);
      }
    }
    clearInterval(timer);
    const t = performance.now();
    const cpu0 = process.cpuUsage();
    const adv = loadAdvisories(join(shared, "osv-pypa/vulns"));
    const ms = performance.now() - t;
    const cpu = cpuMs(cpu0);
    if (!adv.ok) throw new Error(adv.error);
    const m = process.memoryUsage();
    rows.push(`| PyPA advisories (OSV YAML) | ${adv.value.files} | ${[...adv.value.byProject.values()].reduce((a, l) => a + l.length, 0)} | ${ms.toFixed(0)} | ${cpu.toFixed(0)} | ${((adv.value.files / ms) * 1000).toFixed(0)} files/s | ${mb(m.rss)} | | ${mb(m.heapUsed)} |`);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  return [
    "## Prescriptions and advisories",
    "",
    "| load | files | units / advisory entries | ms | cpu ms | units/s | rss MiB | peak rss MiB | heap used MiB |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
  ].join("\n");
}
