import type { AdviseReport } from "../../../core/advise/index.js";
import type { Justification } from "../../../core/pipeline/index.js";

/** The report for people: a table of the top stacks, each stack's score breakdown, the justifications. */
export function adviseText(report: AdviseReport, impossible: string | null): string {
  const lines: string[] = [];
  if (impossible !== null) lines.push("No stack satisfies the requirements:", ...impossible.split("\n").map((l) => `  ${l}`), "");
  const products = report.products;
  if (products.length > 0) {
    const names = [...new Set(products.flatMap((p) => Object.keys(p.packages)))].sort();
    const width = Math.max(7, ...names.map((n) => n.length));
    const col = (i: number) => Math.max(10, ...products.map((p) => (p.packages[names[i]] ?? "").length));
    lines.push(`${"package".padEnd(width)}  ${products.map((_, i) => `#${i + 1}`.padEnd(10)).join("  ")}`);
    lines.push(`${"score".padEnd(width)}  ${products.map((p) => p.score.toFixed(4).padEnd(10)).join("  ")}`);
    names.forEach((n, i) => lines.push(`${n.padEnd(width)}  ${products.map((p) => (p.packages[n] ?? "-").padEnd(col(i))).join("  ")}`));
    const best = products[0];
    lines.push("", "score of #1 by package and unit:");
    for (const [name, b] of Object.entries(best.breakdown)) {
      const units = Object.entries(b.units).map(([u, s]) => `${u} ${s >= 0 ? "+" : ""}${s.toFixed(3)}`).join(", ");
      lines.push(`  ${name.padEnd(width)} ${b.score.toFixed(3).padStart(8)}${units ? `  (${units})` : ""}`);
    }
    if (best.justification.length > 0) lines.push("", "justification of #1:", ...best.justification.map(justificationLine));
  }
  if (report.stack_info.length > 0) lines.push("", "stack info:", ...report.stack_info.map(justificationLine));
  const s = report.stats;
  const bound = s.upper_bound === undefined || s.upper_bound === null ? "" : ` (upper bound ${s.upper_bound.toFixed(4)})`;
  const nodes = s.nodes === undefined ? "" : `; ${s.nodes} nodes`;
  const gap = (s.optimal ? "proven optimal" : s.gap === null ? "gap unknown" : `gap ${s.gap.toFixed(4)}${bound}`) + nodes;
  lines.push("", `${s.predictor}: ${s.stacks_scored} stacks scored, ${s.dead_ends} dead ends in ${s.elapsed_ms.toFixed(0)} ms (${s.stacks_per_second} stacks/s); best found at stack ${s.best_found_at}; ${gap}`);
  return `${lines.join("\n")}\n`;
}

function justificationLine(j: Justification): string {
  return `  ${j.type.padEnd(7)} ${j.package_name ? `${j.package_name}: ` : ""}${j.message}${j.link ? ` (${j.link})` : ""}`;
}
