import { reportJson, type ReportParts } from "../../coordinator/report-json.js";
import { adviseText } from "./advise-text.js";

/** Prints a report on stdout (text or the JSON line), then its warnings on stderr. */
export function printReport(format: "text" | "json", parts: ReportParts, warnings: readonly string[]): void {
  process.stdout.write(format === "json" ? `${reportJson(parts)}\n` : adviseText(parts));
  printWarnings(warnings);
}

export function printWarnings(warnings: readonly string[]): void {
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
}
