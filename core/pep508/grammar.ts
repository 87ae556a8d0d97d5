/**
 * Recursive-descent parser of dependency specifiers and markers, a transcription of packaging's
 * `_parser.py` (26.2): same grammar, same error messages. Specifier text is returned raw; the
 * caller parses it with pep440.
 */
import { normalizeName } from "./name.js";
import type { Marker, MarkerAtom, MarkerComparison, MarkerOperand, MarkerOperator, MarkerVariableName } from "./marker.js";
import { MAX_MARKER_DEPTH } from "./marker.js";
import { decodePythonString } from "./python-string.js";
import {
  matchBoolOp, matchEnd, matchIdentifier, matchIn, matchLocalTrail, matchNot, matchOp, matchPrefixTrail, matchQuoted,
  matchSpecifier, matchUrl, matchVariable, matchWs,
} from "./scanner.js";

/** Thrown inside the parser only; converted to a ParseError by the entry points. */
export interface SyntaxFailure {
  readonly syntaxFailure: true;
  readonly position: number;
  readonly message: string;
}

function fail(position: number, message: string): never {
  const failure: SyntaxFailure = { syntaxFailure: true, position, message };
  throw failure;
}

export function isSyntaxFailure(e: unknown): e is SyntaxFailure {
  return typeof e === "object" && e !== null && (e as SyntaxFailure).syntaxFailure === true;
}

interface Cursor {
  readonly s: string;
  p: number;
  depth: number;
}

function ws(c: Cursor): void {
  const e = matchWs(c.s, c.p);
  if (e >= 0) c.p = e;
}

export interface RequirementSyntax {
  readonly name: string;
  readonly extras: string[];
  readonly specifier: string;
  readonly url: string;
  readonly marker: Marker | null;
}

/** requirement = WS? IDENTIFIER WS? extras WS? requirement_details END */
export function parseRequirementSyntax(s: string): RequirementSyntax {
  const c: Cursor = { s, p: 0, depth: 0 };
  ws(c);
  const nameEnd = matchIdentifier(s, c.p);
  if (nameEnd < 0) fail(c.p, "Expected package name at the start of dependency specifier");
  const name = s.slice(c.p, nameEnd);
  c.p = nameEnd;
  ws(c);
  const extras = parseExtras(c);
  ws(c);
  let url = "";
  let specifier = "";
  let marker: Marker | null = null;
  if (s.charCodeAt(c.p) === 64 /* @ */) {
    c.p++;
    ws(c);
    const urlStart = c.p;
    const urlEnd = matchUrl(s, c.p);
    if (urlEnd < 0) fail(c.p, "Expected URL after @");
    url = s.slice(c.p, urlEnd);
    c.p = urlEnd;
    if (!matchEnd(s, c.p)) {
      const w = matchWs(s, c.p);
      if (w < 0) fail(c.p, "Expected whitespace after URL");
      c.p = w;
      if (!matchEnd(s, c.p)) marker = parseRequirementMarker(c, urlStart, "semicolon (after URL and whitespace)");
    }
  } else {
    const specStart = c.p;
    specifier = parseSpecifier(c);
    ws(c);
    if (!matchEnd(s, c.p)) {
      marker = parseRequirementMarker(
        c,
        specStart,
        specifier !== ""
          ? "comma (within version specifier), semicolon (after version specifier)"
          : "semicolon (after name with no version specifier)",
      );
    }
  }
  if (!matchEnd(s, c.p)) fail(c.p, "Expected end of dependency specifier");
  return { name, extras, specifier, url, marker };
}

function parseRequirementMarker(c: Cursor, _spanStart: number, expected: string): Marker {
  if (c.s.charCodeAt(c.p) !== 59 /* ; */) fail(c.p, `Expected ${expected} or end`);
  c.p++;
  const marker = normalizeTopLevelExtras(parseMarkerList(c));
  ws(c);
  return marker;
}

/** extras = (LEFT_BRACKET wsp* extras_list? wsp* RIGHT_BRACKET)? */
function parseExtras(c: Cursor): string[] {
  if (c.s.charCodeAt(c.p) !== 91 /* [ */) return [];
  c.p++;
  ws(c);
  const extras: string[] = [];
  let e = matchIdentifier(c.s, c.p);
  if (e >= 0) {
    extras.push(c.s.slice(c.p, e));
    c.p = e;
    for (;;) {
      ws(c);
      if (matchIdentifier(c.s, c.p) >= 0) fail(c.p, "Expected comma between extra names");
      if (c.s.charCodeAt(c.p) !== 44 /* , */) break;
      c.p++;
      ws(c);
      e = matchIdentifier(c.s, c.p);
      if (e < 0) fail(c.p, "Expected extra name after comma");
      extras.push(c.s.slice(c.p, e));
      c.p = e;
    }
  }
  ws(c);
  if (c.s.charCodeAt(c.p) !== 93 /* ] */) fail(c.p, "Expected matching RIGHT_BRACKET for LEFT_BRACKET, after extras");
  c.p++;
  return extras;
}

/** specifier = LEFT_PARENTHESIS WS? version_many WS? RIGHT_PARENTHESIS | WS? version_many WS? */
function parseSpecifier(c: Cursor): string {
  const paren = c.s.charCodeAt(c.p) === 40; /* ( */
  if (paren) c.p++;
  ws(c);
  const spec = parseVersionMany(c);
  ws(c);
  if (paren) {
    if (c.s.charCodeAt(c.p) !== 41 /* ) */) fail(c.p, "Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after version specifier");
    c.p++;
  }
  return spec;
}

/** version_many = (SPECIFIER (WS? COMMA WS? SPECIFIER)*)? */
function parseVersionMany(c: Cursor): string {
  const s = c.s;
  let out = "";
  for (;;) {
    const e = matchSpecifier(s, c.p);
    if (e < 0) break;
    out += s.slice(c.p, e);
    c.p = e;
    if (matchPrefixTrail(s, c.p) >= 0) fail(c.p + 1, ".* suffix can only be used with `==` or `!=` operators");
    if (matchLocalTrail(s, c.p) >= 0) fail(c.p, "Local version label can only be used with `==` or `!=` operators");
    ws(c);
    if (s.charCodeAt(c.p) !== 44 /* , */) break;
    out += ",";
    c.p++;
    ws(c);
  }
  return out;
}

/** A complete marker expression (for `parseMarker`). */
export function parseMarkerSyntax(s: string): Marker {
  const c: Cursor = { s, p: 0, depth: 0 };
  const marker = normalizeTopLevelExtras(parseMarkerList(c));
  if (!matchEnd(s, c.p)) fail(c.p, "Expected end of marker expression");
  return marker;
}

/** marker = marker_atom (BOOLOP marker_atom)* */
function parseMarkerList(c: Cursor): Marker {
  const atoms: MarkerAtom[] = [parseMarkerAtom(c)];
  const ops: ("and" | "or")[] = [];
  for (;;) {
    const e = matchBoolOp(c.s, c.p);
    if (e < 0) break;
    ops.push(e - c.p === 2 ? "or" : "and");
    c.p = e;
    atoms.push(parseMarkerAtom(c));
  }
  return { kind: "group", atoms, ops };
}

/** marker_atom = WS? LEFT_PARENTHESIS WS? marker WS? RIGHT_PARENTHESIS WS? | WS? marker_item WS? */
function parseMarkerAtom(c: Cursor): MarkerAtom {
  ws(c);
  let atom: MarkerAtom;
  if (c.s.charCodeAt(c.p) === 40 /* ( */) {
    if (c.depth >= MAX_MARKER_DEPTH) fail(c.p, `Marker nested deeper than ${MAX_MARKER_DEPTH} parentheses`);
    c.depth++;
    c.p++;
    ws(c);
    atom = parseMarkerList(c);
    ws(c);
    if (c.s.charCodeAt(c.p) !== 41 /* ) */) fail(c.p, "Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after marker expression");
    c.p++;
    c.depth--;
  } else {
    atom = parseMarkerItem(c);
  }
  ws(c);
  return atom;
}

/** marker_item = WS? marker_var WS? marker_op WS? marker_var WS? (with packaging's extra normalization) */
function parseMarkerItem(c: Cursor): MarkerComparison {
  ws(c);
  const left = parseMarkerVar(c);
  ws(c);
  const op = parseMarkerOp(c);
  ws(c);
  const right = parseMarkerVar(c);
  ws(c);
  return { kind: "compare", left, op, right };
}

/**
 * packaging.markers._normalize_extra_values: in the comparisons at the top level of a marker
 * (not inside parentheses), the operand compared with `extra` becomes its normalized name.
 */
function normalizeTopLevelExtras(m: Marker): Marker {
  if (!m.atoms.some((a) => a.kind === "compare" && (isExtra(a.left) || isExtra(a.right)))) return m;
  const atoms = m.atoms.map((a): MarkerAtom => {
    if (a.kind !== "compare") return a;
    if (isExtra(a.left)) return { ...a, right: { kind: "string", value: normalizeName(operandText(a.right)) } };
    if (isExtra(a.right)) return { ...a, left: { kind: "string", value: normalizeName(operandText(a.left)) } };
    return a;
  });
  return { kind: "group", atoms, ops: m.ops };
}

function isExtra(o: MarkerOperand): boolean {
  return o.kind === "variable" && o.name === "extra";
}

function operandText(o: MarkerOperand): string {
  return o.kind === "variable" ? o.name : o.value;
}

const VARIABLE_ALIASES: Record<string, MarkerVariableName> = {
  "os.name": "os_name",
  "sys.platform": "sys_platform",
  "platform.version": "platform_version",
  "platform.machine": "platform_machine",
  "platform.python_implementation": "platform_python_implementation",
  python_implementation: "platform_python_implementation",
};

/** marker_var = VARIABLE | QUOTED_STRING */
function parseMarkerVar(c: Cursor): MarkerOperand {
  const s = c.s;
  let e = matchVariable(s, c.p);
  if (e >= 0) {
    const text = s.slice(c.p, e);
    c.p = e;
    return { kind: "variable", name: VARIABLE_ALIASES[text] ?? (text as MarkerVariableName) };
  }
  e = matchQuoted(s, c.p);
  if (e >= 0) {
    const decoded = decodePythonString(s.slice(c.p + 1, e - 1));
    if (!decoded.ok) fail(c.p, `Invalid string literal: ${decoded.error}`);
    c.p = e;
    return { kind: "string", value: decoded.value };
  }
  return fail(c.p, "Expected a marker variable or quoted string");
}

/** marker_op = IN | NOT IN | OP */
function parseMarkerOp(c: Cursor): MarkerOperator {
  const s = c.s;
  let e = matchIn(s, c.p);
  if (e >= 0) {
    c.p = e;
    return "in";
  }
  e = matchNot(s, c.p);
  if (e >= 0) {
    c.p = e;
    const w = matchWs(s, c.p);
    if (w < 0) fail(c.p, "Expected whitespace after 'not'");
    c.p = w;
    const i = matchIn(s, c.p);
    if (i < 0) fail(c.p, "Expected 'in' after 'not'");
    c.p = i;
    return "not in";
  }
  e = matchOp(s, c.p);
  if (e >= 0) {
    const op = s.slice(c.p, e) as MarkerOperator;
    c.p = e;
    return op;
  }
  return fail(c.p, "Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in");
}
