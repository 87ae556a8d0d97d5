import { parseFailure, type Parsed } from "../parse-error.js";
import { isPythonSpace } from "./python-space.js";
import { encodePublicKeyParts, fullKey } from "./version-key.js";

/** A PEP 440 version, normalized as `packaging.version.Version` holds it. */
export interface Version {
  readonly epoch: number;
  readonly release: readonly number[];
  readonly pre: { readonly label: "a" | "b" | "rc"; readonly n: number } | null;
  readonly post: number | null;
  readonly dev: number | null;
  readonly local: readonly (string | number)[] | null;
}

const PRE_SPELLINGS: readonly (readonly [string, "a" | "b" | "rc"])[] = [
  // packaging's alternation order: alpha|a|beta|b|preview|pre|c|rc (first that matches wins).
  ["alpha", "a"],
  ["a", "a"],
  ["beta", "b"],
  ["b", "b"],
  ["preview", "rc"],
  ["pre", "rc"],
  ["c", "rc"],
  ["rc", "rc"],
];
const POST_SPELLINGS: readonly string[] = ["post", "rev", "r"];

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isSeparator(code: number): boolean {
  return code === 0x2e || code === 0x5f || code === 0x2d; // . _ -
}

function isAlnum(code: number): boolean {
  return isDigit(code) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

/** ASCII case-insensitive match of lower-case `word` at `pos`. */
function matchesWord(text: string, pos: number, word: string): boolean {
  if (pos + word.length > text.length) return false;
  for (let i = 0; i < word.length; i++) {
    const c = text.charCodeAt(pos + i) | 0x20;
    if (c !== word.charCodeAt(i)) return false;
  }
  return true;
}

function digitsEnd(text: string, pos: number): number {
  while (pos < text.length && isDigit(text.charCodeAt(pos))) pos++;
  return pos;
}

/** Thrown inside the parser for numbers JavaScript cannot hold exactly; turned into a ParseError. */
class NumberTooLarge {
  constructor(readonly position: number) {}
}

function toInt(text: string, start: number, end: number): number {
  if (end - start > 15) {
    let s = start;
    while (s < end - 1 && text.charCodeAt(s) === 0x30) s++;
    if (end - s > 16 || Number(text.slice(s, end)) > Number.MAX_SAFE_INTEGER) throw new NumberTooLarge(start);
  }
  return Number(text.slice(start, end));
}

/**
 * The pieces of a version string, matched exactly as packaging's VERSION_PATTERN does (possessive
 * quantifiers, Python 3.11.5+) with fullmatch, surrounding whitespace allowed.
 */
export function parseVersion(text: string): Parsed<Version> {
  // Most versions on an index are a bare release (`1.14.15`): no need for the full grammar.
  if (RELEASE_ONLY.test(text)) return { ok: true, value: makeVersion(0, text.split(".").map(Number), null, null, null, null) };
  try {
    return parseVersionUnsafe(text);
  } catch (e) {
    if (e instanceof NumberTooLarge) {
      return parseFailure("version", text, e.position, `number is larger than ${Number.MAX_SAFE_INTEGER} (not supported)`);
    }
    throw e;
  }
}

/** A bare release with numbers JavaScript holds exactly (at most 15 digits each). */
const RELEASE_ONLY = /^\d{1,15}(?:\.\d{1,15})*$/;

/** Whether `text` is a bare release already in canonical form (no leading zeros): formatVersion would give it back. */
export function isCanonicalRelease(text: string): boolean {
  return RELEASE_ONLY.test(text) && !/(?:^|\.)0\d/.test(text);
}

function parseVersionUnsafe(text: string): Parsed<Version> {
  const n = text.length;
  let pos = 0;
  while (pos < n && isPythonSpace(text.charCodeAt(pos))) pos++;
  if (pos < n && (text.charCodeAt(pos) | 0x20) === 0x76) pos++; // v?+
  // epoch
  let epoch = 0;
  {
    const e = digitsEnd(text, pos);
    if (e > pos && e < n && text.charCodeAt(e) === 0x21) {
      epoch = toInt(text, pos, e);
      pos = e + 1;
    }
  }
  // release
  const release: number[] = [];
  {
    const e = digitsEnd(text, pos);
    if (e === pos) {
      return fail(text, pos, pos === n ? "expected a release number, got the end of the text" : `expected a release number (digits), got ${quoteChar(text, pos)}`);
    }
    release.push(toInt(text, pos, e));
    pos = e;
    while (pos + 1 < n && text.charCodeAt(pos) === 0x2e && isDigit(text.charCodeAt(pos + 1))) {
      const e2 = digitsEnd(text, pos + 1);
      release.push(toInt(text, pos + 1, e2));
      pos = e2;
    }
  }
  // pre-release
  let pre: Version["pre"] = null;
  {
    let p = pos;
    if (p < n && isSeparator(text.charCodeAt(p))) p++;
    for (const [spelling, label] of PRE_SPELLINGS) {
      if (matchesWord(text, p, spelling)) {
        p += spelling.length;
        if (p < n && isSeparator(text.charCodeAt(p))) p++;
        const e = digitsEnd(text, p);
        pre = { label, n: e > p ? toInt(text, p, e) : 0 };
        pos = e;
        break;
      }
    }
  }
  // post-release
  let post: number | null = null;
  {
    if (pos + 1 < n && text.charCodeAt(pos) === 0x2d && isDigit(text.charCodeAt(pos + 1))) {
      const e = digitsEnd(text, pos + 1);
      post = toInt(text, pos + 1, e);
      pos = e;
    } else {
      let p = pos;
      if (p < n && isSeparator(text.charCodeAt(p))) p++;
      for (const spelling of POST_SPELLINGS) {
        if (matchesWord(text, p, spelling)) {
          p += spelling.length;
          if (p < n && isSeparator(text.charCodeAt(p))) p++;
          const e = digitsEnd(text, p);
          post = e > p ? toInt(text, p, e) : 0;
          pos = e;
          break;
        }
      }
    }
  }
  // dev release
  let dev: number | null = null;
  {
    let p = pos;
    if (p < n && isSeparator(text.charCodeAt(p))) p++;
    if (matchesWord(text, p, "dev")) {
      p += 3;
      if (p < n && isSeparator(text.charCodeAt(p))) p++;
      const e = digitsEnd(text, p);
      dev = e > p ? toInt(text, p, e) : 0;
      pos = e;
    }
  }
  // local
  let local: (string | number)[] | null = null;
  if (pos + 1 < n && text.charCodeAt(pos) === 0x2b && isAlnum(text.charCodeAt(pos + 1))) {
    local = [];
    let p = pos + 1;
    for (;;) {
      const start = p;
      let allDigits = true;
      while (p < n && isAlnum(text.charCodeAt(p))) {
        if (!isDigit(text.charCodeAt(p))) allDigits = false;
        p++;
      }
      local.push(allDigits ? toInt(text, start, p) : text.slice(start, p).toLowerCase());
      if (p + 1 < n && isSeparator(text.charCodeAt(p)) && isAlnum(text.charCodeAt(p + 1))) {
        p++;
        continue;
      }
      break;
    }
    pos = p;
  }
  const versionEnd = pos;
  while (pos < n && isPythonSpace(text.charCodeAt(pos))) pos++;
  if (pos < n) return fail(text, versionEnd, unexpectedMessage(text, versionEnd));
  return { ok: true, value: makeVersion(epoch, release, pre, post, dev, local) };
}

function quoteChar(text: string, pos: number): string {
  const cp = text.codePointAt(pos) ?? 0;
  return JSON.stringify(String.fromCodePoint(cp));
}

function unexpectedMessage(text: string, pos: number): string {
  const c = text.charCodeAt(pos);
  if (c === 0x2b) return "expected a local version label ([a-z0-9] parts separated by '.', '_' or '-') after '+'";
  if (isSeparator(c)) {
    return `unexpected ${quoteChar(text, pos)}: expected a number, a pre-release (a, b, rc), .postN, .devN or +local`;
  }
  return `unexpected ${quoteChar(text, pos)}: a version is [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]`;
}

function fail(text: string, pos: number, message: string): Parsed<never> {
  return parseFailure("version", text, pos, message);
}

/** Builds a Version from parts that are already valid (non-negative safe integers, local parts lower case). */
export function makeVersion(
  epoch: number,
  release: readonly number[],
  pre: Version["pre"],
  post: number | null,
  dev: number | null,
  local: readonly (string | number)[] | null,
): Version {
  const frozenPre = pre === null ? null : Object.freeze({ label: pre.label, n: pre.n });
  const publicKey = encodePublicKeyParts(epoch, release, frozenPre, post, dev);
  // The two keys are plain properties (one object shape for every version, fast to read).
  return Object.freeze({
    epoch,
    release: Object.freeze(release.slice()),
    pre: frozenPre,
    post,
    dev,
    local: local === null ? null : Object.freeze(local.slice()),
    _publicKey: publicKey,
    _key: fullKey(publicKey, local),
  });
}

/** The canonical string, equal to `str(packaging.version.Version(text))`. */
export function formatVersion(v: Version): string {
  let s = v.release.join(".");
  if (v.epoch) s = `${v.epoch}!${s}`;
  if (v.pre !== null) s += `${v.pre.label}${v.pre.n}`;
  if (v.post !== null) s += `.post${v.post}`;
  if (v.dev !== null) s += `.dev${v.dev}`;
  if (v.local !== null) s += `+${v.local.join(".")}`;
  return s;
}

/** packaging's `is_prerelease`: a pre-release or a development release. */
export function isPrerelease(v: Version): boolean {
  return v.dev !== null || v.pre !== null;
}

/** packaging's `is_postrelease`. */
export function isPostrelease(v: Version): boolean {
  return v.post !== null;
}
