import type { AdviseStats, Product } from "../../../core/advise/index.js";
import type { Justification } from "../../../core/justification/index.js";
import type { KnowledgeUsed } from "../../compose/job-knowledge.js";
import type { ReportParts } from "../../compose/report-json.js";
import { summarizeJustifications, withoutRepeats, type JustificationLine } from "./justification-summary.js";
import { padVisible, textStyle, type TextStyle } from "./text-style.js";

export interface AdviseTextOptions {
  /** Every justification, one a line; else a summary. */
  readonly verbose?: boolean;
  readonly style?: TextStyle;
}

/**
 * The report for people: why the search stopped when it stopped early, a table of the top stacks,
 * the score of #1 by package and unit, the justifications (a summary, or all with `verbose`), the
 * knowledge used and the statistics.
 */
export function adviseText(parts: ReportParts, options: AdviseTextOptions = {}): string {
  const style = options.style ?? textStyle(false);
  const { report, explanation: impossible } = parts;
  const lines: string[] = [];
  const early = earlyStop(report.stats);
  if (early !== null) lines.push(style.yellow(early), "");
  if (impossible !== null) lines.push(style.bold("No stack satisfies the requirements:"), ...impossible.split("\n").map((l) => `  ${l}`), "");
  const products = report.products;
  const seen = new Set<string>();
  if (products.length > 0) {
    lines.push(...stackTable(products, style));
    const proof = proofLine(report.stats);
    if (proof !== null) lines.push("", proof);
    lines.push("", "score of #1 by package and unit:", ...breakdownLines(products[0]));
    const own = withoutRepeats(products[0].justification, seen);
    if (own.length > 0) lines.push("", "justification of #1:", ...justificationLines(own, options.verbose ?? false, style));
  }
  const info = withoutRepeats(report.stack_info, seen);
  if (info.length > 0) lines.push("", products.length > 0 ? "stack info (besides the above):" : "stack info:", ...justificationLines(info, options.verbose ?? false, style));
  lines.push("", ...knowledgeLines(parts.knowledge));
  if (report.objective !== undefined) lines.push(objectiveLine(report.objective.weights));
  lines.push("", statsLine(report.stats));
  return `${lines.join("\n")}\n`;
}

/** One line on top when the search ended before its budget for a reason the user should see. */
function earlyStop(s: AdviseStats): string | null {
  const after = `after ${count(s.stacks_scored)} stacks scored (${(s.elapsed_ms / 1000).toFixed(1)} s)`;
  switch (s.stopped) {
    case "interrupted": return `Search interrupted (Ctrl-C) ${after}: these are the best stacks found so far.`;
    case "timeout": return `Search stopped at the --timeout ${after}: these are the best stacks found so far.`;
    case "eager-stop": return `Search stopped early ${after}: a unit of the pipeline asked for an eager stop.`;
    default: return null;
  }
}

const STOPPED_WORDS: Record<AdviseStats["stopped"], string> = {
  budget: "budget spent", timeout: "stopped at the --timeout", exhausted: "every stack scored", proven: "stopped once proven",
  "eager-stop": "eager stop", interrupted: "interrupted (Ctrl-C)",
};

/** What exact or auto proved about #1: optimal, or its proven distance to the optimum. */
function proofLine(s: AdviseStats): string | null {
  if (s.optimal && s.upper_bound !== undefined) return `#1 is the proven optimum: no stack scores more than ${s.upper_bound?.toFixed(4)} under this objective.`;
  if (s.gap === null || s.upper_bound === undefined || s.upper_bound === null) return null;
  const by = s.learner ? `; branch and bound did not settle it within its share, ${s.learner} searched on from its best stack` : "";
  return `#1 is proven within ${s.gap.toFixed(4)} of the optimum (no stack scores more than ${s.upper_bound.toFixed(4)})${by}.`;
}

function statsLine(s: AdviseStats): string {
  // Exact reports its proven upper bound (beside a gap) and the nodes it searched.
  const bound = s.upper_bound === undefined || s.upper_bound === null ? "" : ` (upper bound ${s.upper_bound.toFixed(4)})`;
  const nodes = s.nodes === undefined ? "" : `; ${s.nodes} nodes`;
  const gap = (s.optimal ? "proven optimal" : s.gap === null ? "gap unknown" : `gap ${s.gap.toFixed(4)}${bound}`) + nodes;
  const name = s.learner ? `${s.predictor} (exact, then ${s.learner})` : s.learner === null ? `${s.predictor} (exact)` : s.predictor;
  return `${name}: ${s.stacks_scored} stacks scored, ${s.dead_ends} dead ends in ${s.elapsed_ms.toFixed(0)} ms (${s.stacks_per_second} stacks/s); `
    + `best found at stack ${s.best_found_at}; ${gap}; ${STOPPED_WORDS[s.stopped]}`;
}

/** Package rows by product columns, each column as wide as its longest cell; versions that differ from #1 stand out. */
function stackTable(products: readonly Product[], style: TextStyle): string[] {
  const names = [...new Set(products.flatMap((p) => Object.keys(p.packages)))].sort();
  const first = products[0].packages;
  const nameWidth = Math.max(7, ...names.map((n) => n.length));
  const cells = (p: Product, i: number) => [`#${i + 1}`, p.score.toFixed(4), ...names.map((n) => p.packages[n] ?? "-")];
  const widths = products.map((p, i) => Math.max(...cells(p, i).map((c) => c.length)));
  const row = (label: string, values: readonly string[]) => `${label.padEnd(nameWidth)}  ${values.map((v, i) => padVisible(v, widths[i])).join("  ")}`.trimEnd();
  const paint = (name: string, p: Product, i: number) => {
    const v = p.packages[name];
    if (v === undefined) return style.dim("-");
    return i > 0 && v !== first[name] ? style.yellow(v) : v;
  };
  return [
    row("package", products.map((_, i) => style.bold(`#${i + 1}`))),
    row("score", products.map((p, i) => (i === 0 ? style.green(p.score.toFixed(4)) : p.score.toFixed(4)))),
    ...names.map((n) => row(n, products.map((p, i) => paint(n, p, i)))),
  ];
}

function breakdownLines(best: Product): string[] {
  const entries = Object.entries(best.breakdown);
  const width = Math.max(7, ...entries.map(([n]) => n.length));
  return entries.map(([name, b]) => {
    const units = Object.entries(b.units).map(([u, s]) => `${u} ${s >= 0 ? "+" : ""}${s.toFixed(3)}`).join(", ");
    return `  ${name.padEnd(width)} ${b.score.toFixed(3).padStart(8)}${units ? `  (${units})` : ""}`;
  });
}

const MAX_NAMED = 8;

function justificationLines(list: readonly Justification[], verbose: boolean, style: TextStyle): string[] {
  const label = (type: Justification["type"]) => (type === "ERROR" ? style.red : type === "WARNING" ? style.yellow : String)(type.padEnd(7));
  if (verbose) return list.map((j) => `  ${label(j.type)} ${j.package_name ? `${j.package_name}: ` : ""}${j.message}${j.link ? ` (${j.link})` : ""}`);
  const { lines, hidden } = summarizeJustifications(list);
  const out = lines.map((l) => `  ${label(l.type)} ${summaryText(l)}`);
  if (hidden > 0) out.push(style.dim(`  ${hidden} more per-package notes (INFO): --verbose lists every justification`));
  return out;
}

function summaryText(l: JustificationLine): string {
  const link = l.link ? ` (${l.link})` : "";
  if (l.packages === null) return `${l.message}${link}`;
  if (l.advisories !== undefined) return `${l.packages[0]}: ${l.message} is affected by ${l.advisories.length} advisories: ${names(l.advisories)}`;
  if (l.packages.length === 1) return `${l.packages[0]}: ${l.message}${link}`;
  return `${l.message}${link} (${l.packages.length} packages: ${names(l.packages)})`;
}

function names(list: readonly string[]): string {
  return `${list.slice(0, MAX_NAMED).join(", ")}${list.length > MAX_NAMED ? ` and ${list.length - MAX_NAMED} more` : ""}`;
}

const count = (n: number) => n.toLocaleString("en-US");

/** Which advisories, prescriptions and scores the advise used, one line each. */
/** The weights in effect (every group, and every unit or step.Group given one), as the report's `objective` holds them. */
export function objectiveLine(weights: Readonly<Record<string, number>>): string {
  return `objective: ${Object.entries(weights).map(([name, w]) => `${name} ${w}`).join(", ")} (weights; --weight NAME=W)`;
}

export function knowledgeLines(k: KnowledgeUsed): string[] {
  const a = k.advisories;
  const p = k.prescriptions;
  const s = k.scores;
  return [
    "knowledge:",
    `  advisories     ${a === null ? "none given" : `${count(a.count)} on ${count(a.projects)} projects, newest modified ${a.newest_modified?.slice(0, 10) ?? "unknown"} (${a.source})`}`,
    `  prescriptions  ${p === null ? "none given" : `${count(p.included)} of ${count(p.units)} units apply to this request (${p.source})`}`,
    `  scores         ${s === null ? "none given" : `${count(s.versions)} versions of ${count(s.projects)} projects (${s.source})`}`,
  ];
}
