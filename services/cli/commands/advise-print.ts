import { reportJson, type ReportParts } from "../../compose/report-json.js";
import { adviseText } from "./advise-text.js";
import { styleFor } from "./text-style.js";

/** How a report is printed: JSON, or text (a summary of the justifications unless verbose; colour on a terminal unless NO_COLOR). */
export interface ReportOutput {
  readonly format: "text" | "json";
  readonly verbose: boolean;
  readonly noColor: boolean;
}

/** Prints a report on stdout (text or the JSON line), then its warnings on stderr. */
export function printReport(output: ReportOutput, parts: ReportParts, warnings: readonly string[]): void {
  const text = () => adviseText(parts, { verbose: output.verbose, style: styleFor(process.stdout, output.noColor) });
  process.stdout.write(output.format === "json" ? `${reportJson(parts)}\n` : text());
  printWarnings(warnings, output.noColor);
}

export function printWarnings(warnings: readonly string[], noColor: boolean): void {
  const style = styleFor(process.stderr, noColor);
  for (const w of warnings) process.stderr.write(`${style.yellow("warning:")} ${w}\n`);
}
