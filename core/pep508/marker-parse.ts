import type { Parsed } from "../parse-error.js";
import { isSyntaxFailure, parseMarkerSyntax } from "./grammar.js";
import { MAX_TEXT_LENGTH, type Marker } from "./marker.js";
import { textTooLong } from "./text-too-long.js";

/** Parses a marker expression like packaging's `Marker(text)`; a syntax error is a ParseError of kind "marker". */
export function parseMarker(text: string): Parsed<Marker> {
  if (text.length > MAX_TEXT_LENGTH) return textTooLong("marker", text);
  try {
    return { ok: true, value: parseMarkerSyntax(text) };
  } catch (e) {
    if (isSyntaxFailure(e)) return { ok: false, error: { kind: "marker", text, position: e.position, message: e.message } };
    throw e;
  }
}
