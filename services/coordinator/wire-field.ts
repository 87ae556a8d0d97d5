import type { AdviseJobField } from "../compose/advise-job-error.js";

/** The AdviseRequest field (proto/maat/v1/adviser.proto) of an advise job's field. */
export function wireFieldOf(field: AdviseJobField): string {
  switch (field) {
    case "scores": return "scores_json";
    case "advisories": return "advisories_path";
    case "prescriptions": return "prescriptions_path";
    default: return field;
  }
}
