import { parseFailure, type Parsed } from "../parse-error.js";
import { isPythonSpace, pythonStrip } from "./python-space.js";
import { parseSpecifier, specifierMatches, type Specifier } from "./specifier.js";
import type { Version } from "./version.js";

/** A comma-separated conjunction of clauses; empty means any version. */
export interface SpecifierSet {
  readonly specifiers: readonly Specifier[];
  /** packaging's `SpecifierSet.prereleases` (no override): true when some clause asks for pre-releases, else null. */
  readonly prereleases: true | null;
}

/** `packaging.specifiers.SpecifierSet(text)`: clauses split on ",", blank ones ignored. */
export function parseSpecifierSet(text: string): Parsed<SpecifierSet> {
  const specifiers: Specifier[] = [];
  let start = 0;
  for (;;) {
    const comma = text.indexOf(",", start);
    const end = comma < 0 ? text.length : comma;
    const piece = text.slice(start, end);
    if (pythonStrip(piece) !== "") {
      const parsed = parseSpecifier(piece);
      if (!parsed.ok) {
        let lead = 0;
        while (lead < piece.length && isPythonSpace(piece.charCodeAt(lead))) lead++;
        // Report against the whole text, at the position inside the failing clause.
        return parseFailure("specifier", text, start + parsed.error.position, `in clause ${JSON.stringify(piece.slice(lead).trimEnd())}: ${parsed.error.message}`);
      }
      specifiers.push(parsed.value);
    }
    if (comma < 0) break;
    start = comma + 1;
  }
  return { ok: true, value: makeSpecifierSet(specifiers) };
}

/** A set from clauses already parsed. */
export function makeSpecifierSet(specifiers: readonly Specifier[]): SpecifierSet {
  const prereleases = specifiers.some((s) => s.prereleases === true) ? true : null;
  return Object.freeze({ specifiers: Object.freeze(specifiers.slice()), prereleases });
}

/** Python's default string order (by code point), which differs from UTF-16 order only above U+FFFF. */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca - cb;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}

/**
 * `str(packaging SpecifierSet)`: with two or more clauses, sorted by their text and deduplicated
 * by canonical form (the first in sorted order stays), joined with ",".
 */
export function formatSpecifierSet(s: SpecifierSet): string {
  const texts = s.specifiers.map((c) => ({ text: `${c.operator}${c.version}`, canonical: c.canonical }));
  if (texts.length <= 1) return texts.length === 0 ? "" : texts[0]!.text;
  texts.sort((a, b) => compareCodePoints(a.text, b.text));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of texts) {
    if (seen.has(t.canonical)) continue;
    seen.add(t.canonical);
    out.push(t.text);
  }
  return out.join(",");
}

/**
 * `SpecifierSet(text).contains(v, prereleases)` for a parsed version: every clause matches, and a
 * pre-release is rejected only when `prereleases` is false.
 */
export function specifierSetContains(s: SpecifierSet, v: Version, prereleases?: boolean | null): boolean {
  if (prereleases === false && (v.pre !== null || v.dev !== null)) return false;
  const specs = s.specifiers;
  for (let i = 0; i < specs.length; i++) if (!specifierMatches(specs[i]!, v)) return false;
  return true;
}

/**
 * `SpecifierSet.filter(items, prereleases, key=...)`: the matching items in order. With
 * `prereleases` unset and no clause asking for pre-releases, pre-releases are kept only when no
 * final release matches.
 */
export function filterVersions<T>(s: SpecifierSet, items: readonly T[], version: (t: T) => Version, prereleases?: boolean | null): T[] {
  const policy = prereleases ?? s.prereleases;
  const matched: T[] = [];
  let finals = 0;
  for (const item of items) {
    const v = version(item);
    const pre = v.pre !== null || v.dev !== null;
    if (policy === false && pre) continue;
    if (!specifierSetContains(s, v)) continue;
    matched.push(item);
    if (!pre) finals++;
  }
  if (policy !== null || finals === 0 || finals === matched.length) return matched;
  return matched.filter((item) => {
    const v = version(item);
    return v.pre === null && v.dev === null;
  });
}
