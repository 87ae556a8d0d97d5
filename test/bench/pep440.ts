/**
 * core/pep440: time to parse every version string of the pandas 2020 snapshot, sorting them, and
 * `specifierSetContains` checks per second on pre-parsed versions against realistic specifier sets.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  compareVersions,
  parseSpecifierSet,
  parseVersion,
  specifierSetContains,
  type SpecifierSet,
  type Version,
} from "../../core/pep440/index.js";

const here = dirname(fileURLToPath(import.meta.url));

function findShared(): string | null {
  let dir = here;
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
  const data = join(dir, "..", "shared", "data");
  return existsSync(data) ? data : null;
}

const SETS = [
  ">=1.0",
  ">=1.16,<2",
  ">=1.3,!=1.5.0",
  "~=2.8",
  "==0.25.*",
  ">=2.7,!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*",
  "<0.24",
  ">0.20.0,<=0.25.3",
  "==1.3.1",
  ">=1.0rc1,<3",
];

const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 1 });

function containsRate(set: SpecifierSet, versions: readonly Version[], minMs: number): { rate: number; hits: number } {
  let checks = 0;
  let hits = 0;
  const t0 = now();
  let elapsed = 0;
  do {
    for (let i = 0; i < versions.length; i++) if (specifierSetContains(set, versions[i]!)) hits++;
    checks += versions.length;
    elapsed = now() - t0;
  } while (elapsed < minMs);
  return { rate: (checks / elapsed) * 1000, hits };
}

export async function bench(): Promise<string> {
  const data = findShared();
  if (data === null) return "## pep440\n\nskipped: ../shared/data is absent\n";
  const file = join(data, "pypi-2020/index/pypi-2020-02-15-pandas.json");
  const snapshot = JSON.parse(readFileSync(file, "utf8")) as Record<string, Record<string, unknown>>;
  const texts: string[] = [];
  for (const project of Object.values(snapshot)) texts.push(...Object.keys(project));

  // Parse every version string (warm-up round, then the median of 15).
  const parseTimes: number[] = [];
  let versions: Version[] = [];
  for (let round = 0; round < 41; round++) {
    const t0 = now();
    const out: Version[] = [];
    for (const t of texts) {
      const p = parseVersion(t);
      if (p.ok) out.push(p.value);
    }
    if (round > 10) parseTimes.push(now() - t0);
    versions = out;
  }
  const parseMs = median(parseTimes);

  const sortTimes: number[] = [];
  for (let round = 0; round < 6; round++) {
    const copy = versions.slice();
    const t0 = now();
    copy.sort(compareVersions);
    if (round > 0) sortTimes.push(now() - t0);
  }

  const sets = SETS.map((s) => {
    const p = parseSpecifierSet(s);
    if (!p.ok) throw new Error(s);
    return p.value;
  });
  for (let i = 0; i < 2000; i++) for (const s of SETS) parseSpecifierSet(s); // warm-up
  const setParseT0 = now();
  for (let i = 0; i < 5000; i++) for (const s of SETS) parseSpecifierSet(s);
  const setParseUs = ((now() - setParseT0) / (5000 * SETS.length)) * 1000;

  for (const s of sets) containsRate(s, versions, 50); // warm-up
  const rows: string[] = [];
  let totalRate = 0;
  for (let i = 0; i < sets.length; i++) {
    const { rate } = containsRate(sets[i]!, versions, 300);
    totalRate += 1 / rate;
    rows.push(`| \`${SETS[i]}\` | ${fmt(rate / 1e6)} M/s |`);
  }
  const mixRate = sets.length / totalRate;

  return [
    "## pep440: versions and specifiers",
    "",
    `Input: every version key of \`pypi-2020-02-15-pandas.json\` (${texts.length.toLocaleString("en-US")} strings, ${versions.length.toLocaleString("en-US")} valid), one core.`,
    "",
    "| measure | figure |",
    "| --- | --- |",
    `| parse all ${texts.length.toLocaleString("en-US")} version strings (median of 30, after 10 warm-up rounds) | ${fmt(parseMs)} ms (${fmt(texts.length / parseMs / 1000)} M versions/s) |`,
    `| sort them with compareVersions (median of 5) | ${fmt(median(sortTimes))} ms |`,
    `| parseSpecifierSet, mean over the sets below (warm) | ${fmt(setParseUs)} µs |`,
    `| specifierSetContains, harmonic mean over the sets below | ${fmt(mixRate / 1e6)} M checks/s |`,
    "",
    "| specifier set | specifierSetContains on pre-parsed versions |",
    "| --- | --- |",
    ...rows,
  ].join("\n");
}
