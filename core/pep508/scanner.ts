/**
 * The token rules of packaging's context-sensitive tokenizer (packaging/_tokenizer.py), as
 * functions `(source, position) => end | -1`. Regular expressions carry Python's semantics:
 * `\b` is Unicode-aware (letters, numbers, `_`), `\s` is Python's whitespace set and `$` also
 * matches before one trailing newline.
 */

/** Python's `str.isspace()` / `re` `\s` set, as a character class body. */
export const PY_SPACE = "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

const NON_ASCII_WORD = /[\p{L}\p{N}_]/u;

/** Python 3 `re` word character at `i` (a UTF-16 index; astral characters count by code point). */
function isWordAt(s: string, i: number): boolean {
  if (i < 0 || i >= s.length) return false;
  const c = s.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
    const h = s.charCodeAt(i - 1);
    if (h >= 0xd800 && h <= 0xdbff) return NON_ASCII_WORD.test(s.slice(i - 1, i + 1));
  }
  const cp = s.codePointAt(i) ?? c;
  return NON_ASCII_WORD.test(String.fromCodePoint(cp));
}

/** `\b` at position i. */
export function isBoundary(s: string, i: number): boolean {
  return isWordAt(s, i - 1) !== isWordAt(s, i);
}

/** WS: `[ \t]+` */
export function matchWs(s: string, p: number): number {
  let i = p;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9) break;
    i++;
  }
  return i > p ? i : -1;
}

/** END: Python's `$` without MULTILINE: at the end, or before a final newline. */
export function matchEnd(s: string, p: number): boolean {
  return p === s.length || (p === s.length - 1 && s.charCodeAt(p) === 10);
}

function isIdentChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 95 || c === 45;
}

/** IDENTIFIER: `\b[a-zA-Z0-9][a-zA-Z0-9._-]*\b` */
export function matchIdentifier(s: string, p: number): number {
  const c = s.charCodeAt(p);
  if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return -1;
  if (!isBoundary(s, p)) return -1;
  let end = p + 1;
  while (end < s.length && isIdentChar(s.charCodeAt(end))) end++;
  // backtrack until a word boundary follows (at least one character is kept)
  for (let e = end; e > p; e--) if (isBoundary(s, e)) return e;
  return -1;
}

/** A keyword such as `in`, `not`, `and`, `or` between word boundaries. */
function matchWord(s: string, p: number, word: string): number {
  if (!s.startsWith(word, p)) return -1;
  const e = p + word.length;
  return isBoundary(s, p) && isBoundary(s, e) ? e : -1;
}

/** BOOLOP: `\b(or|and)\b` */
export function matchBoolOp(s: string, p: number): number {
  const e = matchWord(s, p, "or");
  return e >= 0 ? e : matchWord(s, p, "and");
}

/** IN: `\bin\b` */
export function matchIn(s: string, p: number): number {
  return matchWord(s, p, "in");
}

/** NOT: `\bnot\b` */
export function matchNot(s: string, p: number): number {
  return matchWord(s, p, "not");
}

/** OP: `(===|==|~=|!=|<=|>=|<|>)` */
export function matchOp(s: string, p: number): number {
  const c = s.charCodeAt(p);
  const d = s.charCodeAt(p + 1);
  if (c === 61) return d === 61 ? (s.charCodeAt(p + 2) === 61 ? p + 3 : p + 2) : -1;
  if (c === 126 || c === 33) return d === 61 ? p + 2 : -1;
  if (c === 60 || c === 62) return d === 61 ? p + 2 : p + 1;
  return -1;
}

const VARIABLE =
  /(?:python_version|python_full_version|os[._]name|sys[._]platform|platform_(?:release|system)|platform[._](?:version|machine|python_implementation)|python_implementation|implementation_(?:name|version)|extras?|dependency_groups)/y;

/** VARIABLE: `\b(python_version|...|extras?|dependency_groups)\b`; returns the end, with alternatives tried in order. */
export function matchVariable(s: string, p: number): number {
  if (!isBoundary(s, p)) return -1;
  VARIABLE.lastIndex = p;
  if (!VARIABLE.test(s)) {
    return -1;
  }
  const e = VARIABLE.lastIndex;
  if (isBoundary(s, e)) return e;
  // Python backtracks into the alternation; only `extras?` has a shorter alternative
  if (s.startsWith("extras", p) && e === p + 6 && isBoundary(s, p + 5)) return p + 5;
  return -1;
}

/** QUOTED_STRING: `('[^']*')|("[^"]*")`; returns the end after the closing quote. */
export function matchQuoted(s: string, p: number): number {
  const q = s.charCodeAt(p);
  if (q !== 39 && q !== 34) return -1;
  const close = s.indexOf(q === 39 ? "'" : '"', p + 1);
  return close < 0 ? -1 : close + 1;
}

/** URL: `[^ \t]+` */
export function matchUrl(s: string, p: number): number {
  let i = p;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9) break;
    i++;
  }
  return i > p ? i : -1;
}

const S = `[${PY_SPACE}]`;
const NOT_S = `[^${PY_SPACE};)]`;
const PRE = "(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?";
const POST = "(?:(?:-[0-9]+)|(?:[-_.]?(?:post|rev|r)[-_.]?[0-9]*))?";
const DEV = "(?:[-_.]?dev[-_.]?[0-9]*)?";
const LOCAL = "(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?";
const SPECIFIER = new RegExp(
  [
    `(?:===${S}*${NOT_S}*)`,
    `(?:(?:==|!=)${S}*v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*(?:\\.\\*|${PRE}${POST}${DEV}${LOCAL})?)`,
    `(?:~=${S}*v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)+${PRE}${POST}${DEV})`,
    `(?:(?:<=|>=|<|>)${S}*v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*${PRE}${POST}${DEV})`,
  ].join("|"),
  "iy",
);

/** SPECIFIER: packaging's `Specifier._specifier_regex_str` (case-insensitive). */
export function matchSpecifier(s: string, p: number): number {
  const c = s.charCodeAt(p);
  // every alternative starts with one of = ! ~ < >
  if (c !== 61 && c !== 33 && c !== 126 && c !== 60 && c !== 62) return -1;
  SPECIFIER.lastIndex = p;
  return SPECIFIER.test(s) ? SPECIFIER.lastIndex : -1;
}

/** VERSION_PREFIX_TRAIL: `\.\*` */
export function matchPrefixTrail(s: string, p: number): number {
  return s.charCodeAt(p) === 46 && s.charCodeAt(p + 1) === 42 ? p + 2 : -1;
}

const LOCAL_TRAIL = /\+[a-z0-9]+(?:[-_.][a-z0-9]+)*/y;

/** VERSION_LOCAL_LABEL_TRAIL: `\+[a-z0-9]+(?:[-_\.][a-z0-9]+)*` (case-sensitive) */
export function matchLocalTrail(s: string, p: number): number {
  if (s.charCodeAt(p) !== 43) return -1;
  LOCAL_TRAIL.lastIndex = p;
  return LOCAL_TRAIL.test(s) ? LOCAL_TRAIL.lastIndex : -1;
}
