import type { AdviseReport } from "../../core/advise/index.js";

/** A report with the explanation of an impossible request, as one line of JSON. */
export interface ExplainedReport extends AdviseReport {
  readonly explanation?: string;
}

/**
 * The report as `maat advise --format json` prints it (without the newline) and the coordinator
 * sends it in AdviseFinal.report_json: the explanation, when the request has no stack, last.
 */
export function reportJson(report: AdviseReport, explanation: string | null): string {
  return JSON.stringify(explanation === null ? report : { ...report, explanation });
}

/** The report and explanation back from reportJson's text. */
export function parseReportJson(text: string): { readonly report: AdviseReport; readonly explanation: string | null } {
  const { explanation, ...report } = JSON.parse(text) as ExplainedReport;
  return { report, explanation: explanation ?? null };
}
