import type { AdviseJobField } from "../../compose/advise-job-error.js";

/** The `maat advise` flag of an advise job's field; none for requirement entries (their text says which). */
export function flagOfJobField(field: AdviseJobField | undefined): string | undefined {
  switch (field) {
    case "index": return "--index";
    case "python": return "--python";
    case "platform": return "--platform";
    case "scores": return "--scores";
    case "advisories": return "--advisories";
    case "prescriptions": return "--prescriptions";
    case "recommendation": return "--recommendation";
    default: return undefined;
  }
}

const WIRE_FLAGS: Readonly<Record<string, string>> = {
  index: "--index", extra_indexes: "--index", python: "--python", platform: "--platform", prereleases: "--prereleases",
  recommendation: "--recommendation", predictor: "--predictor", budget: "--budget", timeout_seconds: "--timeout", count: "--count",
  seed: "--seed", scores_json: "--scores", advisories_path: "--advisories", prescriptions_path: "--prescriptions",
};

/** The `maat advise` flag of an AdviseRequest field a coordinator named (`scores_json` -> `--scores`). */
export function flagOfWireField(field: string | undefined): string | undefined {
  return field === undefined ? undefined : WIRE_FLAGS[field.replace(/\[\d+\]$/, "")];
}

/** `message` as the CLI words it: after the flag of the field, when there is one. */
export function withFlag(flag: string | undefined, message: string): string {
  return flag === undefined ? message : `${flag}: ${message}`;
}
