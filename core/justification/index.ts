/** Justifications (glossary): messages explaining a choice, in the one form the report prints, and their canonical order. */
export { canonicalJustifications, type Justification, type JustificationType } from "./justification.js";
