/**
 * Conformance of core/pep440 with Python's `packaging` (the reference): validity, canonical form,
 * ordering, `contains` and `filter` on generated nasty inputs, and on every version and
 * requires_python string of the shared PyPI data. Python runs once per batch (JSON over stdin/stdout).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  compareVersions,
  filterVersions,
  formatSpecifierSet,
  formatVersion,
  parseSpecifierSet,
  parseVersion,
  specifierSetContains,
  type SpecifierSet,
  type Version,
} from "../../core/pep440/index.js";
import { neighbours, seededRng, setText, versionText } from "./pep440-generate.js";

const here = dirname(fileURLToPath(import.meta.url));
const script = join(here, "pep440-oracle.py");
const shared = resolve(here, "../../../shared");

type Pre = boolean | null;
interface Request {
  versions: string[];
  orders: [number, number][];
  sets: string[];
  contains: [number, number, Pre][];
  filters: [number, number[], Pre][];
}
interface Response {
  packaging: string;
  versions: (string | null)[];
  orders: number[];
  sets: (string | null)[];
  contains: (boolean | string)[];
  filters: (number[] | string)[];
}

const python = spawnSync("python3", ["-c", "import packaging.specifiers"], { timeout: 20_000 });
const havePython = python.status === 0;
if (!havePython) console.warn("pep440 oracle skipped: python3 with `packaging` is not available");

function ask(request: Request): Response {
  const out = spawnSync("python3", [script], { input: JSON.stringify(request), maxBuffer: 1 << 29, timeout: 60_000, encoding: "utf8" });
  if (out.status !== 0) throw new Error(`oracle failed (status ${out.status}, signal ${out.signal}): ${out.stderr}`);
  return JSON.parse(out.stdout) as Response;
}

/** Collects inputs, asks Python once, lists every disagreement. */
class Batch {
  readonly request: Request = { versions: [], orders: [], sets: [], contains: [], filters: [] };
  private readonly versionIndex = new Map<string, number>();
  private readonly setIndex = new Map<string, number>();
  readonly parsedVersions: (Version | null)[] = [];
  readonly parsedSets: (SpecifierSet | null)[] = [];

  version(text: string): number {
    let i = this.versionIndex.get(text);
    if (i === undefined) {
      i = this.request.versions.length;
      this.versionIndex.set(text, i);
      this.request.versions.push(text);
      const p = parseVersion(text);
      this.parsedVersions.push(p.ok ? p.value : null);
    }
    return i;
  }

  set(text: string): number {
    let i = this.setIndex.get(text);
    if (i === undefined) {
      i = this.request.sets.length;
      this.setIndex.set(text, i);
      this.request.sets.push(text);
      const p = parseSpecifierSet(text);
      this.parsedSets.push(p.ok ? p.value : null);
    }
    return i;
  }

  /** Texts skipped as the documented deviation (a number above 2^53 - 1, which we reject). */
  deviations = 0;

  check(): { response: Response; disagreements: string[] } {
    const response = ask(this.request);
    const bad: string[] = [];
    const r = this.request;
    r.versions.forEach((text, i) => {
      const v = this.parsedVersions[i];
      const mine = v ? formatVersion(v) : null;
      if (mine === null && hasHugeNumber(text)) this.deviations++;
      else if (mine !== response.versions[i]) bad.push(`version ${JSON.stringify(text)}: ours ${mine}, packaging ${response.versions[i]}`);
    });
    r.orders.forEach(([i, j], k) => {
      const a = this.parsedVersions[i];
      const b = this.parsedVersions[j];
      const mine = a && b ? Math.sign(compareVersions(a, b)) : null;
      if (mine !== response.orders[k]) bad.push(`order ${r.versions[i]} vs ${r.versions[j]}: ours ${mine}, packaging ${response.orders[k]}`);
    });
    r.sets.forEach((text, i) => {
      const s = this.parsedSets[i];
      const mine = s ? formatSpecifierSet(s) : null;
      if (mine === null && hasHugeNumber(text)) this.deviations++;
      else if (mine !== response.sets[i]) bad.push(`set ${JSON.stringify(text)}: ours ${JSON.stringify(mine)}, packaging ${JSON.stringify(response.sets[i])}`);
    });
    r.contains.forEach(([si, vi, pre], k) => {
      const s = this.parsedSets[si];
      const v = this.parsedVersions[vi];
      const mine = s && v ? specifierSetContains(s, v, pre) : "invalid here";
      if (mine !== response.contains[k]) {
        bad.push(`contains ${JSON.stringify(r.sets[si])} ∋ ${r.versions[vi]} (prereleases=${pre}): ours ${mine}, packaging ${response.contains[k]}`);
      }
    });
    r.filters.forEach(([si, indexes, pre], k) => {
      const s = this.parsedSets[si];
      const mine = s ? filterVersions(s, indexes, (i) => this.parsedVersions[i]!, pre) : "invalid here";
      if (JSON.stringify(mine) !== JSON.stringify(response.filters[k])) {
        const names = indexes.map((i) => r.versions[i]);
        bad.push(`filter ${JSON.stringify(r.sets[si])} on ${JSON.stringify(names)} (prereleases=${pre}): ours ${JSON.stringify(mine)}, packaging ${JSON.stringify(response.filters[k])}`);
      }
    });
    return { response, disagreements: bad };
  }
}

/** Whether the text holds a digit run larger than Number.MAX_SAFE_INTEGER (see core/pep440/README.md). */
function hasHugeNumber(text: string): boolean {
  return (text.match(/[0-9]+/g) ?? []).some((d) => {
    const digits = d.replace(/^0+(?=.)/, "");
    return digits.length > 16 || Number(digits) > Number.MAX_SAFE_INTEGER;
  });
}

function report(disagreements: string[]): void {
  if (disagreements.length > 0) {
    console.error(`${disagreements.length} disagreements with packaging; the first 20:\n${disagreements.slice(0, 20).join("\n")}`);
  }
  expect(disagreements.slice(0, 20)).toEqual([]);
}

const PRE: readonly Pre[] = [null, true, false];

describe.skipIf(!havePython)("pep440 oracle: generated inputs", () => {
  it("agrees with packaging on validity, canonical form, ordering, contains and filter", () => {
    const r = seededRng(Number(process.env.PEP440_SEED ?? 440_2026));
    const b = new Batch();
    const pool: number[] = [];
    for (let i = 0; i < 30_000; i++) {
      const vi = b.version(versionText(r));
      if (b.parsedVersions[vi]) pool.push(vi);
    }
    const randomValid = () => pool[Math.floor(r() * pool.length)]!;
    for (let i = 0; i < 50_000; i++) b.request.orders.push([randomValid(), randomValid()]);

    let contains = 0;
    while (contains < 110_000) {
      const text = setText(r);
      const si = b.set(text);
      const s = b.parsedSets[si];
      if (!s) continue;
      const near: number[] = [];
      for (const clause of s.specifiers) {
        for (const n of neighbours(r, clause.version)) {
          const vi = b.version(n);
          if (b.parsedVersions[vi]) near.push(vi);
        }
      }
      const candidates = [...near, randomValid(), randomValid()];
      for (const vi of candidates) {
        b.request.contains.push([si, vi, PRE[Math.floor(r() * 3)]!]);
        contains++;
      }
      if (near.length >= 2) b.request.orders.push([near[0]!, near[1]!]);
      if (r() < 0.1) b.request.filters.push([si, candidates, PRE[Math.floor(r() * 3)]!]);
    }

    const { response, disagreements } = b.check();
    const count = <T>(xs: readonly T[], f: (x: T) => boolean) => xs.filter(f).length;
    console.info(
      `pep440 oracle: ${b.request.versions.length} version texts (${count(response.versions, (x) => x === null)} invalid), ` +
        `${b.request.orders.length} orderings (${count(response.orders, (x) => x === 0)} equal), ` +
        `${b.request.sets.length} specifier sets (${count(response.sets, (x) => x === null)} invalid), ` +
        `${b.request.contains.length} contains (${count(response.contains, (x) => x === true)} true), ${b.request.filters.length} filters, ${b.deviations} texts with numbers above 2^53 skipped (documented deviation)`,
    );
    expect(b.request.contains.length).toBeGreaterThanOrEqual(100_000);
    report(disagreements);
  });
});

const sharedFiles = existsSync(shared)
  ? [
      ...readdirSync(join(shared, "data/pypi-2020/index")).filter((f) => f.endsWith(".json")).map((f) => join(shared, "data/pypi-2020/index", f)),
      ...readdirSync(join(shared, "data/pypi-graphs")).filter((f) => f.endsWith("-graph.json")).map((f) => join(shared, "data/pypi-graphs", f)),
    ]
  : [];
if (sharedFiles.length === 0) console.warn(`pep440 oracle: shared data part skipped, ${shared} is absent`);

const PYTHONS = ["2.7", "3.5.0", "3.6", "3.6.15", "3.7", "3.8.0", "3.9", "3.10", "3.11", "3.12", "3.13", "3.13.0rc1", "3.4.10", "4.0"];

describe.skipIf(!havePython || sharedFiles.length === 0)("pep440 oracle: shared PyPI data", () => {
  it("agrees on every version and requires_python string", () => {
    const b = new Batch();
    const pythons = PYTHONS.map((p) => b.version(p));
    let versionCount = 0;
    let requiresPython = 0;
    for (const file of sharedFiles) {
      const data = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      for (const project of Object.values(data)) {
        if (project === null || typeof project !== "object") continue;
        const indexes: number[] = [];
        for (const [version, meta] of Object.entries(project as Record<string, unknown>)) {
          indexes.push(b.version(version));
          versionCount++;
          const rp = (meta as { requires_python?: unknown } | null)?.requires_python;
          if (typeof rp === "string") {
            requiresPython++;
            const si = b.set(rp);
            for (const pi of pythons) for (const pre of PRE) b.request.contains.push([si, pi, pre]);
          }
        }
        // Ordering: neighbours after our sort, plus the reverse pairs.
        const valid = indexes.filter((i) => b.parsedVersions[i]);
        valid.sort((x, y) => compareVersions(b.parsedVersions[x]!, b.parsedVersions[y]!));
        for (let k = 1; k < valid.length; k++) b.request.orders.push([valid[k - 1]!, valid[k]!], [valid[k]!, valid[k - 1]!]);
      }
    }
    const { disagreements } = b.check();
    console.info(
      `pep440 oracle (shared): ${versionCount} version keys (${b.request.versions.length} distinct), ${requiresPython} requires_python ` +
        `(${b.request.sets.length} distinct), ${b.request.orders.length} orderings, ${b.request.contains.length} contains`,
    );
    report(disagreements);
  });
});
