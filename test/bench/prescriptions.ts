/** Prescription loading (cold from the tarball, warm from the compiled cache) and PyPA advisory loading. */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadAdvisories } from "../../adapters/osv/index.js";
import { loadPrescriptions } from "../../adapters/prescriptions/index.js";

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
    for (const label of ["cold (tar.gz -> YAML -> model)", "warm (compiled cache)"]) {
      const t = performance.now();
      const r = await loadPrescriptions(tarball, { cacheDir });
      const ms = performance.now() - t;
      if (!r.ok) throw new Error(r.error);
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      rows.push(`| ${label} | ${r.value.files} | ${r.value.units.length} | ${ms.toFixed(0)} | ${((r.value.units.length / ms) * 1000).toFixed(0)} | ${mb(m.rss)} | ${mb(peakRss)} | ${mb(m.heapUsed)} |`);
    }
    clearInterval(timer);
    const t = performance.now();
    const adv = loadAdvisories(join(shared, "osv-pypa/vulns"));
    const ms = performance.now() - t;
    if (!adv.ok) throw new Error(adv.error);
    const m = process.memoryUsage();
    rows.push(`| PyPA advisories (OSV YAML) | ${adv.value.files} | ${[...adv.value.byProject.values()].reduce((a, l) => a + l.length, 0)} | ${ms.toFixed(0)} | ${((adv.value.files / ms) * 1000).toFixed(0)} files/s | ${mb(m.rss)} | | ${mb(m.heapUsed)} |`);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  return [
    "## Prescriptions and advisories",
    "",
    "| load | files | units / advisory entries | ms | units/s | rss MiB | peak rss MiB | heap used MiB |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
  ].join("\n");
}
