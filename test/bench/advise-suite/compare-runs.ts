/**
 * Compares advise-suite runs of the same instances and seeds made with different search settings
 * (`make bench-advise ... OUT=dir` once per setting): per instance and predictor the regret to a
 * common reference (median and worst over the seeds), the loss against the first run (the
 * baseline) in % of the reference's magnitude, the mean share of the latest-to-reference gap
 * closed, and the runs that end below latest. The common reference of an instance is the best of
 * every run's reference and every cell (all are real stacks), proven when some run's exact proved
 * its optimum on the additive objective; `--reference FILE` (another run's advise-suite.json, e.g.
 * docs/advise-suite.json with its 100,000-stack cells) adds its references and cells to that best.
 *
 *   node dist/test/bench/advise-suite/compare-runs.js [--reference FILE]... BASELINE_DIR DIR...   (each with advise-suite.json)
 */
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { InstanceResult } from "./run-suite.js";
import { atLeastLatest, gapClosed, median, regret } from "./suite-report.js";

export interface Run {
  readonly label: string;
  readonly instances: readonly InstanceResult[];
}

export interface InstanceComparison {
  readonly instance: string;
  readonly predictor: string;
  /** Per run: median and worst regret over the seeds, and the median's loss against the baseline in % of |reference|. */
  readonly runs: readonly { readonly median: number; readonly worst: number; readonly loss: number }[];
}

export interface RunSummary {
  readonly label: string;
  readonly predictor: string;
  /** The largest loss over the instances (median regret against the baseline's, % of |reference|). */
  readonly worstLoss: number;
  /** The same with the worst seed's regret. */
  readonly worstSeedLoss: number;
  /** Mean share of the latest-to-reference gap closed over the runs with a gap (null: none). */
  readonly gapClosed: number | null;
  readonly belowLatest: number;
  readonly runs: number;
}

export interface Comparison {
  readonly references: readonly { readonly instance: string; readonly score: number | null; readonly proven: boolean; readonly latest: number | null }[];
  readonly instances: readonly InstanceComparison[];
  readonly summary: readonly RunSummary[];
}

const nameOf = (r: InstanceResult) => `${r.request} ${r.objective}`;

/** `known`: other runs whose references and cells count toward the common reference only. */
export function compareRuns(runs: readonly Run[], known: readonly Run[] = []): Comparison {
  if (runs.length === 0) throw new RangeError("compareRuns: no run");
  const base = runs[0];
  const references = base.instances.map((b) => {
    const same = [...runs, ...known].map((run) => run.instances.find((r) => nameOf(r) === nameOf(b)));
    let score: number | null = null;
    let proven = false;
    for (const r of same) {
      if (r === undefined) continue;
      for (const x of [r.reference.score, ...r.cells.map((c) => c.best)]) if (x !== null && (score === null || x > score)) score = x;
      if (r.additive && r.reference.exact.status === "optimal") proven = true;
    }
    return { instance: nameOf(b), score, proven, latest: b.latest };
  });
  const predictors = [...new Set(base.instances.flatMap((r) => r.cells.map((c) => c.predictor)))];
  const instances: InstanceComparison[] = [];
  const totals = runs.map(() => new Map<string, { worstLoss: number; worstSeedLoss: number; shares: number[]; below: number; runs: number }>());
  for (const [i, b] of base.instances.entries()) {
    const ref = references[i];
    for (const predictor of predictors) {
      const stats = runs.map((run) => {
        const r = run.instances.find((x) => nameOf(x) === ref.instance);
        const cells = r?.cells.filter((c) => c.predictor === predictor) ?? [];
        const regrets = cells.map((c) => regret(c.best, ref.score)).filter((x): x is number => x !== null);
        return { cells, regrets };
      });
      if (stats[0].regrets.length === 0) continue;
      const scale = Math.max(Math.abs(ref.score ?? 1), 1e-9) / 100;
      const baseMedian = median(stats[0].regrets);
      const baseWorst = Math.max(...stats[0].regrets);
      const row = stats.map(({ cells, regrets }, j) => {
        const m = regrets.length > 0 ? median(regrets) : NaN;
        const w = regrets.length > 0 ? Math.max(...regrets) : NaN;
        const t = totals[j].get(predictor) ?? { worstLoss: 0, worstSeedLoss: 0, shares: [], below: 0, runs: 0 };
        t.worstLoss = Math.max(t.worstLoss, (m - baseMedian) / scale);
        t.worstSeedLoss = Math.max(t.worstSeedLoss, (w - baseWorst) / scale);
        for (const c of cells) {
          const share = gapClosed(c.best, b.latest, ref.score);
          if (share !== null) t.shares.push(share);
          if (!atLeastLatest(c.best, b.latest)) t.below++;
          t.runs++;
        }
        totals[j].set(predictor, t);
        return { median: m, worst: w, loss: (m - baseMedian) / scale };
      });
      instances.push({ instance: ref.instance, predictor, runs: row });
    }
  }
  const summary = predictors.flatMap((predictor) => runs.map((run, j) => {
    const t = totals[j].get(predictor)!;
    const gap = t.shares.length > 0 ? t.shares.reduce((s, x) => s + x, 0) / t.shares.length : null;
    return { label: run.label, predictor, worstLoss: t.worstLoss, worstSeedLoss: t.worstSeedLoss, gapClosed: gap, belowLatest: t.below, runs: t.runs };
  }));
  return { references, instances, summary };
}

const num = (x: number) => (Number.isNaN(x) ? "-" : x === 0 ? "0" : x.toPrecision(3));
const pct = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(2)}%`;

export function comparisonMarkdown(runs: readonly Run[], c: Comparison): string {
  const out: string[] = [];
  out.push("References: " + c.references.map((r) => `${r.instance} ${r.score === null ? "-" : r.score.toFixed(4)}${r.proven ? " (proven)" : "*"}, latest ${r.latest === null ? "-" : r.latest.toFixed(4)}`).join("; ") + ".", "");
  const moving = c.instances.filter((i) => i.runs.some((r) => r.worst > 0));
  const still = [...new Set(c.instances.filter((i) => !moving.includes(i)).map((i) => `${i.instance} ${i.predictor}`))];
  out.push("Regret to the reference, median / worst over the seeds:", "");
  out.push(`| instance | predictor | ${runs.map((r) => r.label).join(" | ")} |`);
  out.push(`| --- | --- | ${runs.map(() => "---:").join(" | ")} |`);
  for (const i of moving) out.push(`| ${i.instance} | ${i.predictor} | ${i.runs.map((r) => `${num(r.median)} / ${num(r.worst)}`).join(" | ")} |`);
  if (still.length > 0) out.push("", `Every run at the reference: ${still.join(", ")}.`);
  out.push("", `Per predictor: the largest loss over the instances against ${runs[0].label} (median regret, worst seed's regret; % of the reference), mean share of the latest-to-reference gap closed, runs below latest:`, "");
  const predictors = [...new Set(c.summary.map((s) => s.predictor))];
  out.push(`| predictor | ${runs.map((r) => r.label).join(" | ")} |`);
  out.push(`| --- | ${runs.map(() => "---").join(" | ")} |`);
  for (const p of predictors) {
    out.push(`| ${p} | ${c.summary.filter((s) => s.predictor === p).map((s) => `${pct(s.worstLoss)}, ${pct(s.worstSeedLoss)} · ${s.gapClosed === null ? "-" : s.gapClosed.toFixed(4)} · ${s.belowLatest}/${s.runs}`).join(" | ")} |`);
  }
  return out.join("\n");
}

function load(file: string, label: string): Run {
  const doc = JSON.parse(readFileSync(file, "utf8")) as { instances?: InstanceResult[] };
  if (!Array.isArray(doc.instances)) throw new RangeError(`${file}: no "instances" array (not an advise-suite.json)`);
  return { label, instances: doc.instances };
}

function main(args: readonly string[]): void {
  const dirs: string[] = [];
  const known: Run[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== "--reference") { dirs.push(args[i]); continue; }
    const file = args[++i];
    if (file === undefined) throw new RangeError("--reference: needs an advise-suite.json");
    known.push(load(file, file));
  }
  if (dirs.length === 0) throw new RangeError("usage: compare-runs.js [--reference FILE]... BASELINE_DIR DIR... (folders written by make bench-advise OUT=...)");
  const runs = dirs.map((d) => load(join(d, "advise-suite.json"), basename(d)));
  process.stdout.write(`${comparisonMarkdown(runs, compareRuns(runs, known))}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
