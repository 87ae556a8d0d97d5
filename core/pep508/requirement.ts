import type { Parsed } from "../parse-error.js";
import { formatSpecifierSet, parseSpecifierSet, type SpecifierSet } from "../pep440/index.js";
import { isSyntaxFailure, parseRequirementSyntax } from "./grammar.js";
import { MAX_TEXT_LENGTH, type Marker } from "./marker.js";
import { textTooLong } from "./text-too-long.js";
import { formatMarker } from "./marker-format.js";

/** A PEP 508 dependency specifier. */
export interface Requirement {
  /** As written (not normalized). */
  readonly name: string;
  /** Unique, sorted, as written. */
  readonly extras: readonly string[];
  readonly specifier: SpecifierSet;
  readonly url: string | null;
  readonly marker: Marker | null;
}

/**
 * Specifier sets by text: the same few specifiers recur across a closure's requirement strings,
 * and SpecifierSet values are immutable, so parses are shared (a memo of a pure function, bounded).
 */
const SPECIFIER_CACHE_LIMIT = 8192;
const specifierCache = new Map<string, Parsed<SpecifierSet>>();

function cachedSpecifierSet(text: string): Parsed<SpecifierSet> {
  let parsed = specifierCache.get(text);
  if (parsed === undefined) {
    parsed = parseSpecifierSet(text);
    if (specifierCache.size >= SPECIFIER_CACHE_LIMIT) specifierCache.clear();
    specifierCache.set(text, parsed);
  }
  return parsed;
}

/** Parses a dependency specifier like packaging's `Requirement(text)`; a syntax error is a ParseError of kind "requirement". */
export function parseRequirement(text: string): Parsed<Requirement> {
  if (text.length > MAX_TEXT_LENGTH) return textTooLong("requirement", text);
  let syntax;
  try {
    syntax = parseRequirementSyntax(text);
  } catch (e) {
    if (isSyntaxFailure(e)) return { ok: false, error: { kind: "requirement", text, position: e.position, message: e.message } };
    throw e;
  }
  const specifier = cachedSpecifierSet(syntax.specifier);
  if (!specifier.ok) {
    // the tokenizer accepted it but pep440 did not: report at the specifier
    const at = text.indexOf(syntax.specifier.split(",")[0] ?? "");
    return { ok: false, error: { kind: "requirement", text, position: Math.max(0, at), message: specifier.error.message } };
  }
  let extras = syntax.extras;
  if (extras.length > 1) extras = [...new Set(extras)].sort();
  return {
    ok: true,
    value: { name: syntax.name, extras, specifier: specifier.value, url: syntax.url === "" ? null : syntax.url, marker: syntax.marker },
  };
}

/** The normalized text, equal to `str(packaging.requirements.Requirement(text))`. */
export function formatRequirement(r: Requirement): string {
  let out = r.name;
  if (r.extras.length > 0) out += `[${[...new Set(r.extras)].sort().join(",")}]`;
  out += formatSpecifierSet(r.specifier);
  if (r.url !== null && r.url !== "") {
    out += ` @ ${r.url}`;
    if (r.marker !== null) out += " ";
  }
  if (r.marker !== null) out += `; ${formatMarker(r.marker)}`;
  return out;
}
