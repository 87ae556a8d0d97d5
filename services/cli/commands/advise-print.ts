import type { AdviseReport } from "../../../core/advise/index.js";
import { reportJson } from "../../compose/report-json.js";
import { adviseText } from "./advise-text.js";

/** Prints a report on stdout (text or the JSON line), then its warnings on stderr. */
export function printReport(format: "text" | "json", report: AdviseReport, explanation: string | null, warnings: readonly string[]): void {
  process.stdout.write(format === "json" ? `${reportJson(report, explanation)}\n` : adviseText(report, explanation));
  printWarnings(warnings);
}

export function printWarnings(warnings: readonly string[]): void {
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
}
