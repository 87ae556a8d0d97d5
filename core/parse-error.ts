import type { Result } from "./failure/index.js";

/** A syntax error in a version, specifier, marker or requirement: quotes the text, points at the position. */
export interface ParseError {
  readonly kind: "version" | "specifier" | "marker" | "requirement" | "requires-python";
  readonly text: string;
  /** 0-based offset into `text` where the parser stopped. */
  readonly position: number;
  readonly message: string;
}

export type Parsed<T> = Result<T, ParseError>;

export function parseFailure(kind: ParseError["kind"], text: string, position: number, message: string): Parsed<never> {
  return { ok: false, error: { kind, text, position, message } };
}

/** One line for people: `invalid version "1.0.x" at 4: expected ...` followed by a caret line. */
export function describeParseError(error: ParseError): string {
  const caret = " ".repeat(Math.max(0, error.position)) + "^";
  return `invalid ${error.kind} ${JSON.stringify(error.text)} at position ${error.position}: ${error.message}\n  ${error.text}\n  ${caret}`;
}
