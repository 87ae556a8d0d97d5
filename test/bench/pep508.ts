/**
 * pep508 benchmark: parse every version and every requirement string (duplicates included, no
 * cache) of the pandas snapshot of /work/shared, then evaluate every marker for Python 3.8 on Linux.
 * Goal: versions + requirements under 150 ms.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { parseSpecifierSet, parseVersion } from "../../core/pep440/index.js";
import { isSyntaxFailure, parseRequirementSyntax } from "../../core/pep508/grammar.js";
import { environmentFor, evaluateMarker, parseRequirement, type Marker } from "../../core/pep508/index.js";

function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("package.json not found above the benchmark");
    dir = up;
  }
  return dir;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(runs: number, f: () => void): { median: number; min: number } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return { median: median(times), min: Math.min(...times) };
}

export async function bench(): Promise<string> {
  const file = join(repositoryRoot(), "../shared/data/pypi-2020/index/pypi-2020-02-15-pandas.json");
  if (!existsSync(file)) return `## pep508\n\nskipped: ${file} is absent\n`;
  const json = JSON.parse(readFileSync(file, "utf8")) as Record<string, Record<string, { dependencies?: string[] }>>;
  const versions: string[] = [];
  const requirements: string[] = [];
  for (const byVersion of Object.values(json)) {
    for (const [version, meta] of Object.entries(byVersion)) {
      versions.push(version);
      for (const r of meta.dependencies ?? []) requirements.push(r);
    }
  }
  const markers: Marker[] = [];
  for (const r of requirements) {
    const p = parseRequirement(r);
    if (p.ok && p.value.marker !== null) markers.push(p.value.marker);
  }
  const specifierTexts: string[] = [];
  for (const r of requirements) {
    try {
      specifierTexts.push(parseRequirementSyntax(r).specifier);
    } catch (e) {
      if (!isSyntaxFailure(e)) throw e;
    }
  }
  const env = environmentFor({ python: "3.8", platform: "linux" });
  const runs = 15;
  // warm-up (JIT)
  time(3, () => {
    for (const v of versions) parseVersion(v);
    for (const r of requirements) parseRequirement(r);
  });
  let sink = 0;
  const tv = time(runs, () => {
    for (const v of versions) if (parseVersion(v).ok) sink++;
  });
  const tr = time(runs, () => {
    for (const r of requirements) if (parseRequirement(r).ok) sink++;
  });
  const tb = time(runs, () => {
    for (const v of versions) if (parseVersion(v).ok) sink++;
    for (const r of requirements) if (parseRequirement(r).ok) sink++;
  });
  const ts = time(runs, () => {
    for (const r of requirements) {
      try {
        parseRequirementSyntax(r);
        sink++;
      } catch (e) {
        if (!isSyntaxFailure(e)) throw e;
      }
    }
  });
  const tp = time(runs, () => {
    for (const t of specifierTexts) if (parseSpecifierSet(t).ok) sink++;
  });
  const tm = time(runs, () => {
    for (const m of markers) if (evaluateMarker(m, env)) sink++;
  });
  const row = (what: string, n: number, t: { median: number; min: number }) =>
    `| ${what} | ${n.toLocaleString("en")} | ${t.median.toFixed(1)} | ${t.min.toFixed(1)} | ${((t.median * 1e6) / n).toFixed(0)} |`;
  return [
    "## pep508: parsing the pandas snapshot",
    "",
    `pypi-2020-02-15-pandas.json, ${runs} runs after warm-up; parseRequirement shares SpecifierSet parses by text (a bounded memo), nothing else is cached (sink ${sink > 0 ? "ok" : "0"}). Goal: versions + requirements < 150 ms.`,
    "",
    "| work | items | median ms | min ms | ns per item |",
    "| --- | ---: | ---: | ---: | ---: |",
    row("parseVersion, every version", versions.length, tv),
    row("parseRequirement, every requirement string", requirements.length, tr),
    row("  of which: pep508 grammar (tokens, extras, marker AST)", requirements.length, ts),
    row("  of which: pep440 parseSpecifierSet of the specifier parts (unmemoized)", specifierTexts.length, tp),
    row("both together (the goal)", versions.length + requirements.length, tb),
    row("evaluateMarker, every marker (Python 3.8, Linux)", markers.length, tm),
  ].join("\n");
}
