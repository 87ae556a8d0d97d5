/** Thoth's prescription format v1: the typed unit model, its validation and `should_include` (declarations; core/prescription-units executes them). */
export * from "./unit.js";
export type { PrescriptionIssue } from "./issue.js";
export { describePrescriptionIssue } from "./issue.js";
export { validateUnit, type UnitValidation } from "./validate-unit.js";
export { validatePrescriptionDocument, type DocumentValidation } from "./validate-document.js";
export { shouldInclude, baseImageMatches, type Inclusion, type InclusionContext, type InclusionEnvironment } from "./should-include.js";
