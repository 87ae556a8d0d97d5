import type { AdviseReport, NoStackReason } from "../../core/advise/index.js";
import type { Warning } from "../../core/failure/index.js";
import type { KnowledgeUsed } from "./job-knowledge.js";

/** The kind and version of the advise report's JSON (docs/schema/maat.advise-1.json). */
export const ADVISE_SCHEMA = "maat.advise/1";

/** What an advise's JSON holds besides the report: the knowledge it used, warnings, and why there is no stack. */
export interface ReportParts {
  readonly report: AdviseReport;
  readonly explanation: string | null;
  readonly conflict: NoStackReason | null;
  readonly knowledge: KnowledgeUsed;
  readonly warnings: readonly (Warning | string)[];
}

/** A report as its JSON reads (docs/schema/maat.advise-1.json). */
export interface ReportDocument extends AdviseReport {
  readonly schema: typeof ADVISE_SCHEMA;
  readonly knowledge: KnowledgeUsed;
  readonly warnings: readonly string[];
  readonly explanation: string | null;
  readonly conflict: NoStackReason | null;
}

/**
 * The report as `maat advise --format json` prints it (without the newline) and the coordinator
 * sends it in AdviseFinal.report_json: the schema first; the explanation and its data last (null when there is a stack).
 */
export function reportJson(parts: ReportParts): string {
  const { report, explanation, conflict, knowledge, warnings } = parts;
  const document: ReportDocument = {
    schema: ADVISE_SCHEMA, ...report, knowledge, warnings: warnings.map((w) => (typeof w === "string" ? w : w.message)), explanation, conflict,
  };
  return JSON.stringify(document);
}

/** The parts back from reportJson's text. */
export function parseReportJson(text: string): ReportParts {
  const { schema, explanation, conflict, knowledge, warnings, ...report } = JSON.parse(text) as ReportDocument;
  if (schema !== ADVISE_SCHEMA) throw new Error(`report JSON: expected schema ${ADVISE_SCHEMA}, got ${JSON.stringify(schema)}`);
  return { report, explanation, conflict, knowledge, warnings };
}
