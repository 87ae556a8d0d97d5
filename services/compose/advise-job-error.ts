import type { RunnerFailureCode } from "../../core/rollout/index.js";

/**
 * The fields of an advise job an error or a warning can name. Each front end words them its own
 * way: the CLI as flags (`--index`), the coordinator as AdviseRequest fields (`index`).
 */
export type AdviseJobField =
  | "requirements" | `requirements[${number}]` | "constraints" | `constraints[${number}]` | "index" | "python" | "platform"
  | "scores" | "advisories" | "prescriptions" | "recommendation";

export type AdviseJobErrorCode = "invalid-argument" | RunnerFailureCode;

/** Why an advise job gave no report, as data: `message` does not repeat the field's name. */
export interface AdviseJobError {
  readonly code: AdviseJobErrorCode;
  readonly message: string;
  readonly field?: AdviseJobField;
}

/** A warning about the request or its knowledge that did not stop the advise. */
export interface AdviseJobWarning {
  readonly message: string;
  readonly field?: AdviseJobField;
}

export function invalidArgument(message: string, field?: AdviseJobField): AdviseJobError {
  return field === undefined ? { code: "invalid-argument", message } : { code: "invalid-argument", field, message };
}
