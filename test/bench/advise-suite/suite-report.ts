/**
 * The advise suite's outputs: Markdown tables (instances, cells, summary), the JSON document and an
 * SVG chart of the share of the latest-to-reference gap each predictor closes, per budget.
 */
import { lineChartSvg } from "../../../core/report/index.js";
import type { Cell, InstanceResult } from "./run-suite.js";

/** Scores within this (relative to the reference's magnitude) count as equal. */
const TOLERANCE = 1e-9;

const fmt = (x: number | null, d = 4) => (x === null ? "-" : x.toFixed(d));
const close = (a: number, b: number) => Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));

/** Regret of a score against the reference (0 when at or above it), null when either is missing. */
export function regret(best: number | null, reference: number | null): number | null {
  if (best === null || reference === null) return null;
  return close(best, reference) ? 0 : Math.max(0, reference - best);
}

/** Whether a score is at or above latest's (true when latest has no stack). */
export function atLeastLatest(best: number | null, latest: number | null): boolean {
  if (latest === null) return true;
  return best !== null && (best >= latest || close(best, latest));
}

/** Share of the latest-to-reference gap a score closes (1: at the reference), or null when there is no gap. */
export function gapClosed(best: number | null, latest: number | null, reference: number | null): number | null {
  if (latest === null || reference === null || best === null || close(latest, reference) || reference < latest) return null;
  return Math.max(-1, Math.min(1, (best - latest) / (reference - latest)));
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The cells of one build, predictor and budget (one per seed). */
const cellsOf = (r: InstanceResult, build: string, predictor: string, budget: number) =>
  r.cells.filter((c) => c.build === build && c.predictor === predictor && c.budget === budget);

/** Median regret over the seeds, with a mark when some seed ends below latest. */
function regretCell(r: InstanceResult, cells: readonly Cell[]): string {
  if (cells.length === 0) return "";
  if (r.reference.score === null) return "no stack";
  const regrets = cells.map((c) => regret(c.best, r.reference.score)).filter((x): x is number => x !== null);
  if (regrets.length === 0) return "none";
  const below = cells.filter((c) => !atLeastLatest(c.best, r.latest)).length;
  const m = median(regrets);
  return `${m === 0 ? "**0**" : m.toPrecision(3)}${below > 0 ? ` ✗${cells.length > 1 ? below : ""}` : ""}`;
}

function rate(cells: readonly Cell[]): number {
  const stacks = cells.reduce((s, c) => s + c.stacks, 0);
  const ms = cells.reduce((s, c) => s + c.ms, 0);
  return ms > 0 ? Math.round((stacks / ms) * 1000) : 0;
}

export interface SuiteMeta {
  readonly date: string;
  readonly load: readonly number[];
  readonly cpus: number;
  readonly node: string;
  readonly seconds: number;
  readonly options: Readonly<Record<string, unknown>>;
}

export function suiteMarkdown(results: readonly InstanceResult[], meta: SuiteMeta): string {
  const builds = [...new Set(results.flatMap((r) => r.cells.map((c) => c.build)))];
  const predictors = [...new Set(results.flatMap((r) => r.cells.map((c) => c.predictor)))];
  const budgets = [...new Set(results.flatMap((r) => r.cells.map((c) => c.budget)))].sort((a, b) => a - b);
  const out: string[] = [];
  const o = meta.options;
  const search = o.batchSize === undefined ? "" : `; batch ${String(o.batchSize)}, ${String(o.inFlight)} in flight, ${String(o.leafRollouts)} rollouts per request`;
  out.push(`Run ${meta.date}, ${meta.seconds.toFixed(0)} s, load average (1 min at the start / 1 min at the end / 15 min at the end) ${meta.load.map((x) => x.toFixed(2)).join(" / ")} on ${meta.cpus} cores, Node ${meta.node}${search}.`, "");
  out.push("Instances: the resolver's stack (latest) and the reference (the proven optimum, or the best stack known, marked *).", "");
  out.push("| request | objective | packages | candidates | rules | latest | reference | exact |");
  out.push("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const r of results) {
    const x = r.reference.exact;
    const exact = r.reference.score === null && x.status === "optimal" ? `no stack, ${x.ms} ms`
      : r.additive ? (x.status === "optimal" ? `proven in ${x.ms} ms (${x.nodes} nodes)` : `not proven in ${x.ms} ms, bound ${fmt(r.reference.bound)}`)
        : `relaxation ${x.status === "optimal" ? "solved" : "not solved"} in ${x.ms} ms, bound ${fmt(r.reference.bound)}${r.reference.proven ? ": best known proven" : ""}`;
    out.push(`| ${r.request} | ${r.objective} | ${r.packages} | ${r.candidates} | ${r.rules} | ${fmt(r.latest)} | ${fmt(r.reference.score)}${r.reference.proven || r.reference.score === null ? "" : "*"} | ${exact} |`);
  }
  out.push("");
  const header = builds.flatMap((b) => budgets.map((n) => `${builds.length > 1 ? `${b} ` : ""}${n.toLocaleString("en-US")}`));
  out.push(`Regret to the reference (median over search seeds; **0** = reached it; ✗ = below latest) at ${budgets.map((b) => b.toLocaleString("en-US")).join(" / ")} stacks, and stacks/s at the largest budget.`, "");
  out.push(`| request | objective | predictor | ${header.join(" | ")} | ${builds.map((b) => `${builds.length > 1 ? `${b} ` : ""}stacks/s`).join(" | ")} |`);
  out.push(`| --- | --- | --- | ${header.map(() => "---:").join(" | ")} | ${builds.map(() => "---:").join(" | ")} |`);
  for (const r of results) {
    if (r.reference.score === null) continue;
    for (const p of predictors) {
      const cells = builds.flatMap((b) => budgets.map((n) => regretCell(r, cellsOf(r, b, p, n))));
      const rates = builds.map((b) => rate(cellsOf(r, b, p, budgets[budgets.length - 1])).toLocaleString("en-US"));
      out.push(`| ${r.request} | ${r.objective} | ${p} | ${cells.join(" | ")} | ${rates.join(" | ")} |`);
    }
  }
  out.push("");
  out.push("Summary over the instances with a stack: runs (instance × seed) that reach the reference / that end at or above latest, and the mean share of the latest-to-reference gap closed (instances where latest is below the reference).", "");
  out.push(`| predictor | ${header.join(" | ")} |`);
  out.push(`| --- | ${header.map(() => "---").join(" | ")} |`);
  for (const p of predictors) {
    const cells = builds.flatMap((b) => budgets.map((n) => {
      let runs = 0, reached = 0, above = 0;
      const closed: number[] = [];
      for (const r of results) {
        if (r.reference.score === null) continue;
        for (const c of cellsOf(r, b, p, n)) {
          runs++;
          if (regret(c.best, r.reference.score) === 0) reached++;
          if (atLeastLatest(c.best, r.latest)) above++;
          const g = gapClosed(c.best, r.latest, r.reference.score);
          if (g !== null) closed.push(g);
        }
      }
      const mean = closed.length > 0 ? closed.reduce((s, x) => s + x, 0) / closed.length : NaN;
      return runs === 0 ? "" : `${reached}/${runs} · ${above}/${runs} · ${Number.isNaN(mean) ? "-" : mean.toFixed(3)}`;
    }));
    out.push(`| ${p} | ${cells.join(" | ")} |`);
  }
  if (predictors.includes("auto") && predictors.includes("mcts")) {
    for (const n of budgets) out.push("", ...defaultTable(results, builds[builds.length - 1], n));
  }
  return out.join("\n");
}

/**
 * The old default (mcts) beside the new one (auto) at one budget, per instance with a stack: the
 * score, whether auto proved it optimal, the regret to the reference and the time (median over
 * seeds; the time includes exact's share for auto).
 */
export function defaultTable(results: readonly InstanceResult[], build: string, budget: number): string[] {
  const out = [
    `Old default (mcts) and new default (auto) at ${budget.toLocaleString("en-US")} stacks: score, regret to the reference (**0** = reached it; ✗ = below latest), ms; auto: proven or not, branch-and-bound nodes.`, "",
    "| request | objective | latest | reference | mcts | regret | ms | auto | proven | nodes | regret | ms |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
  ];
  const mid = (xs: readonly number[]) => (xs.length === 0 ? null : median([...xs].sort((a, b) => a - b)));
  let reached = 0, provenCount = 0, above = 0, rows = 0;
  for (const r of results) {
    if (r.reference.score === null) continue;
    const mcts = cellsOf(r, build, "mcts", budget);
    const auto = cellsOf(r, build, "auto", budget);
    if (mcts.length === 0 || auto.length === 0) continue;
    rows++;
    const best = (cs: readonly Cell[]) => mid(cs.flatMap((c) => (c.best === null ? [] : [c.best])));
    const proven = auto.every((c) => c.proven === true);
    if (regretCell(r, auto) === "**0**") reached++;
    if (proven) provenCount++;
    if (auto.every((c) => atLeastLatest(c.best, r.latest))) above++;
    out.push(`| ${r.request} | ${r.objective} | ${fmt(r.latest)} | ${fmt(r.reference.score)}${r.reference.proven ? "" : "*"} | ${fmt(best(mcts))} | ${regretCell(r, mcts)} | ${fmt(mid(mcts.map((c) => c.ms)), 0)} | ${fmt(best(auto))} | ${proven ? "yes" : "no"} | ${mid(auto.map((c) => c.nodes ?? 0))} | ${regretCell(r, auto)} | ${fmt(mid(auto.map((c) => c.ms)), 0)} |`);
  }
  out.push("", `auto: ${reached}/${rows} instances at the reference, ${provenCount}/${rows} proven optimal, ${above}/${rows} at or above latest.`);
  return out;
}

/**
 * Mean share of the gap closed per predictor and budget, as a chart: every predictor of `build`,
 * and mcts and td of the other build when the run has one (named "(before)").
 */
export function suiteSvg(results: readonly InstanceResult[], build: string): string {
  const predictors = [...new Set(results.flatMap((r) => r.cells.map((c) => c.predictor)))];
  const budgets = [...new Set(results.flatMap((r) => r.cells.map((c) => c.budget)))].sort((a, b) => a - b);
  const other = [...new Set(results.flatMap((r) => r.cells.map((c) => c.build)))].find((b) => b !== build);
  const line = (b: string, p: string, name: string) => ({
    name,
    points: budgets.map((n) => {
      const closed = results.flatMap((r) => cellsOf(r, b, p, n).map((c) => gapClosed(c.best, r.latest, r.reference.score))).filter((x): x is number => x !== null);
      return [n, closed.length > 0 ? closed.reduce((s, x) => s + x, 0) / closed.length : 0] as const;
    }),
  });
  const lines = [
    ...predictors.filter((p) => p !== "latest").map((p) => line(build, p, p)),
    ...(other === undefined ? [] : ["mcts", "td"].filter((p) => predictors.includes(p)).map((p) => line(other, p, `${p} (${other})`))),
  ];
  return lineChartSvg(lines, {
    title: "Advise suite: share of the latest-to-optimum gap closed (mean)", xLabel: "stacks scored (log scale)",
    yLabel: "gap closed", logX: budgets.length > 1 && budgets[0] > 0, yRange: [0, 1],
  });
}
