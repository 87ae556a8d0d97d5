import type { AdviseReport } from "../../core/advise/index.js";
import type { KnowledgeUsed } from "./job-knowledge.js";

/** What an advise's JSON holds: the report, the knowledge it used, and the explanation of an impossible request. */
export interface ReportParts {
  readonly report: AdviseReport;
  readonly explanation: string | null;
  readonly knowledge: KnowledgeUsed;
}

/** A report as its JSON reads. */
export interface ExplainedReport extends AdviseReport {
  readonly knowledge: KnowledgeUsed;
  readonly explanation?: string;
}

/**
 * The report as `maat advise --format json` prints it (without the newline) and the coordinator
 * sends it in AdviseFinal.report_json: the knowledge used, then the explanation, when the request has no stack.
 */
export function reportJson(parts: ReportParts): string {
  const { report, explanation, knowledge } = parts;
  const document: ExplainedReport = explanation === null ? { ...report, knowledge } : { ...report, knowledge, explanation };
  return JSON.stringify(document);
}

/** The parts back from reportJson's text. */
export function parseReportJson(text: string): ReportParts {
  const { explanation, knowledge, ...report } = JSON.parse(text) as ExplainedReport;
  return { report, explanation: explanation ?? null, knowledge };
}
