/** Something about a request or its knowledge that did not stop the work, naming the field when there is one. */
export interface Warning {
  readonly message: string;
  /** The request field it is about, in core's names (as Failure.field). */
  readonly field?: string;
}
