/** The one error vocabulary: Failure (a closed code set, the field at fault), Result<T>, and Warning. */
export { FAILURE_CODES, failure, failureFrom, invalidArgument, isFailureCode, type Failure, type FailureCode } from "./failure.js";
export type { Result } from "./result.js";
export type { Warning } from "./warning.js";
