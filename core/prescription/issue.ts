/** A problem found while validating a prescription: names the file, the unit, the field path and the reason. */
export interface PrescriptionIssue {
  readonly file: string;
  /** The unit's name when known. */
  readonly unit?: string;
  /** Where in the document: `units.wraps[3].run.justification[0].link`. */
  readonly path: string;
  readonly reason: string;
  /**
   * The construct, without list indices and prefixed by the unit type (`wrap.run.justification.link`,
   * `unit type step.Foo`), so that issues can be counted per construct.
   */
  readonly construct: string;
  /** `unsupported`: a key or unit type the model does not represent; `invalid`: a value that breaks the format. */
  readonly severity: "unsupported" | "invalid";
}

/** One line for people: `file: unit "X": units.wraps[0].run.foo: reason`. */
export function describePrescriptionIssue(issue: PrescriptionIssue): string {
  const unit = issue.unit === undefined ? "" : ` unit ${JSON.stringify(issue.unit)}:`;
  return `${issue.file}:${unit} ${issue.path}: ${issue.reason}`;
}
