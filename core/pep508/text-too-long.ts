import type { ParseError, Parsed } from "../parse-error.js";
import { MAX_TEXT_LENGTH } from "./marker.js";

/** The ParseError for requirement or marker text over MAX_TEXT_LENGTH (the quoted text is cut to 200 characters). */
export function textTooLong(kind: ParseError["kind"], text: string): Parsed<never> {
  return {
    ok: false,
    error: { kind, text: text.slice(0, 200), position: MAX_TEXT_LENGTH, message: `${kind} text is longer than ${MAX_TEXT_LENGTH} characters (${text.length})` },
  };
}
