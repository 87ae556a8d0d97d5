import { parseFailure, type Parsed } from "../parse-error.js";
import { pythonStrip } from "./python-space.js";
import { SPECIFIER_PATTERN } from "./specifier-pattern.js";
import { formatVersion, isPrerelease, makeVersion, parseVersion, type Version } from "./version.js";
import { publicVersionKey, versionKey } from "./version-key.js";
import { compatiblePrefixText, makeWildcardPrefix, matchesWildcardPrefix, type WildcardPrefix } from "./wildcard-prefix.js";

export type SpecifierOperator = "==" | "!=" | "<" | "<=" | ">" | ">=" | "~=" | "===";

/** One PEP 440 clause such as `>=1.2` or `==3.*`, with everything a check needs precomputed. */
export interface Specifier {
  readonly operator: SpecifierOperator;
  /** The version text as written (stripped), as packaging keeps it: `str()` is operator + version. */
  readonly version: string;
  /** The parsed version (without ".*"); null only for `===` with text that is not a version. */
  readonly target: Version | null;
  /** packaging's `Specifier.prereleases` (no override): whether the clause itself asks for pre-releases. */
  readonly prereleases: boolean | null;
  /** The key used to compare and deduplicate clauses (packaging's `_canonical_spec`). */
  readonly canonical: string;
  /** Hot-path data, internal. */
  readonly plan: SpecifierPlan;
}

/** What a check needs, computed once at parse time. */
export interface SpecifierPlan {
  readonly code: number;
  /** Comparison key of the target (full key: targets of ordered operators have no local label). */
  readonly key: string;
  readonly targetIsPrerelease: boolean;
  /** `<`: key of the target's earliest pre-release (dev=0, local dropped). */
  readonly earliestPreKey: string;
  /** `>`: key prefix that a post-release of exactly the target starts with, or null when the rule does not apply. */
  readonly postOfTargetPrefix: string | null;
  readonly wildcard: WildcardPrefix | null;
  /** `===`: the text lower-cased. */
  readonly arbitraryLower: string;
}

export const OP_EQ = 0;
export const OP_NE = 1;
export const OP_EQ_WILD = 2;
export const OP_NE_WILD = 3;
export const OP_LT = 4;
export const OP_LE = 5;
export const OP_GT = 6;
export const OP_GE = 7;
export const OP_COMPAT = 8;
export const OP_ARBITRARY = 9;
export const OP_EQ_LOCAL = 10;
export const OP_NE_LOCAL = 11;

const OPERATORS: readonly SpecifierOperator[] = ["===", "~=", "==", "!=", "<=", ">=", "<", ">"];

function splitOperator(stripped: string): [SpecifierOperator, string] {
  if (stripped.startsWith("===")) return ["===", pythonStrip(stripped.slice(3))];
  for (const op of ["~=", "==", "!=", "<=", ">="] as const) {
    if (stripped.startsWith(op)) return [op, pythonStrip(stripped.slice(2))];
  }
  return [stripped.slice(0, 1) as SpecifierOperator, pythonStrip(stripped.slice(1))];
}

/** One clause, as `packaging.specifiers.Specifier(text)` accepts it. */
export function parseSpecifier(text: string): Parsed<Specifier> {
  if (!SPECIFIER_PATTERN.test(text)) return diagnose(text);
  const [operator, version] = splitOperator(pythonStrip(text));
  return buildSpecifier(text, operator, version);
}

function buildSpecifier(text: string, operator: SpecifierOperator, version: string): Parsed<Specifier> {
  const wildcard = operator !== "===" && version.endsWith(".*");
  const versionText = wildcard ? version.slice(0, -2) : version;
  let target: Version | null = null;
  const parsed = parseVersion(versionText);
  if (parsed.ok) target = parsed.value;
  else if (operator !== "===") {
    const offset = text.indexOf(versionText);
    return parseFailure("specifier", text, Math.max(0, offset) + parsed.error.position, parsed.error.message);
  }

  let code: number;
  let wildcardPrefix: WildcardPrefix | null = null;
  switch (operator) {
    case "==":
    case "!=":
      if (wildcard) {
        code = operator === "==" ? OP_EQ_WILD : OP_NE_WILD;
        wildcardPrefix = makeWildcardPrefix(versionText);
      } else if (target!.local !== null) code = operator === "==" ? OP_EQ_LOCAL : OP_NE_LOCAL;
      else code = operator === "==" ? OP_EQ : OP_NE;
      break;
    case "<":
      code = OP_LT;
      break;
    case "<=":
      code = OP_LE;
      break;
    case ">":
      code = OP_GT;
      break;
    case ">=":
      code = OP_GE;
      break;
    case "~=":
      code = OP_COMPAT;
      wildcardPrefix = makeWildcardPrefix(compatiblePrefixText(version));
      break;
    default:
      code = OP_ARBITRARY;
  }

  let key = "";
  let earliestPreKey = "";
  let postOfTargetPrefix: string | null = null;
  if (target !== null) {
    key = versionKey(target);
    earliestPreKey = versionKey(makeVersion(target.epoch, target.release, target.pre, target.post, 0, null));
    if (target.post === null && target.dev === null) {
      // A version whose post-base equals the target starts with the target's key up to the pre-release number.
      const full = versionKey(makeVersion(target.epoch, target.release, target.pre, null, null, null));
      postOfTargetPrefix = full.slice(0, full.length - POST_DEV_SUFFIX_LENGTH);
    }
  }

  let prereleases: boolean | null;
  if (operator === "!=") prereleases = false;
  else if (operator === "==" && wildcard) prereleases = false;
  else prereleases = target === null ? null : isPrerelease(target);

  let canonical: string;
  if (operator === "===" || wildcard) canonical = `${operator}${version}`;
  else canonical = `${operator}${canonicalize(target!, operator !== "~=")}`;

  const plan: SpecifierPlan = {
    code,
    key,
    targetIsPrerelease: target !== null && isPrerelease(target),
    earliestPreKey,
    postOfTargetPrefix,
    wildcard: wildcardPrefix,
    arbitraryLower: operator === "===" ? version.toLowerCase() : "",
  };
  return { ok: true, value: Object.freeze({ operator, version, target, prereleases, canonical, plan: Object.freeze(plan) }) };
}

/** Length of the key's post and dev part for a version with neither: "0" N(0) "1" N(0). */
const POST_DEV_SUFFIX_LENGTH = 6;

/** packaging's `canonicalize_version(v, strip_trailing_zero=...)`. */
function canonicalize(v: Version, stripTrailingZero: boolean): string {
  if (!stripTrailingZero) return formatVersion(v);
  let end = v.release.length;
  while (end > 1 && v.release[end - 1] === 0) end--;
  return formatVersion(end === v.release.length ? v : { ...v, release: v.release.slice(0, end) });
}

/** Why `text` is not a clause: the operator, the version, or a part the operator does not allow. */
function diagnose(text: string): Parsed<never> {
  const fail = (pos: number, message: string) => parseFailure("specifier", text, pos, message);
  let start = 0;
  while (start < text.length && pythonStrip(text.charAt(start)) === "") start++;
  if (start === text.length) return fail(start, "expected an operator (==, !=, <=, >=, <, >, ~=, ===) and a version, got nothing");
  const rest = text.slice(start);
  const op = OPERATORS.find((o) => rest.startsWith(o));
  if (op === undefined) {
    return fail(start, `expected an operator (==, !=, <=, >=, <, >, ~=, ===), got ${JSON.stringify(rest.slice(0, 2))}`);
  }
  let vStart = start + op.length;
  while (vStart < text.length && pythonStrip(text.charAt(vStart)) === "") vStart++;
  if (op === "===") {
    let bad = vStart;
    while (bad < text.length && !/[;)]/.test(text.charAt(bad)) && pythonStrip(text.charAt(bad)) !== "") bad++;
    return fail(bad, "the arbitrary-equality version must not contain whitespace, ';' or ')'");
  }
  const versionText = pythonStrip(text.slice(vStart));
  if (versionText === "") return fail(vStart, `expected a version after "${op}"`);
  const star = versionText.endsWith(".*");
  if (star && op !== "==" && op !== "!=") {
    return fail(vStart + versionText.length - 2, `a ".*" wildcard is only allowed with == and !=, not with "${op}"`);
  }
  const parsed = parseVersion(star ? versionText.slice(0, -2) : versionText);
  if (!parsed.ok) {
    if (star) return fail(vStart + versionText.length - 2, 'a ".*" wildcard must follow the release numbers directly (no pre, post, dev or local part)');
    return fail(vStart + parsed.error.position, parsed.error.message);
  }
  const v = parsed.value;
  if (star) return fail(vStart + versionText.length - 2, 'a ".*" wildcard must follow the release numbers directly (no pre, post, dev or local part)');
  const plus = versionText.indexOf("+");
  if (v.local !== null && op !== "==" && op !== "!=") {
    return fail(vStart + plus, `a local version label (+...) is only allowed with == and !=, not with "${op}"`);
  }
  if (op === "~=" && v.release.length < 2) {
    return fail(vStart, '"~=" needs a version with at least two release numbers, such as ~=1.4');
  }
  return fail(vStart, "not a valid PEP 440 specifier");
}

/** Re-parses hand-built clauses (no plan) once. */
const planned = new WeakMap<object, Specifier>();

function withPlan(s: Specifier): Specifier {
  if (s.plan !== undefined) return s;
  let p = planned.get(s);
  if (p === undefined) {
    const parsed = parseSpecifier(`${s.operator}${s.version}`);
    if (!parsed.ok) throw new Error(`invalid specifier ${JSON.stringify(`${s.operator}${s.version}`)}: ${parsed.error.message}`);
    p = parsed.value;
    planned.set(s, p);
  }
  return p;
}

/** Whether `v` satisfies the clause, ignoring the pre-release policy. No allocation except for `===` and unusual prefixes. */
export function specifierMatches(s: Specifier, v: Version): boolean {
  const plan = (s.plan ?? withPlan(s).plan) as SpecifierPlan;
  switch (plan.code) {
    case OP_GE:
      return publicVersionKey(v) >= plan.key;
    case OP_LT: {
      const k = versionKey(v);
      if (!(k < plan.key)) return false;
      return plan.targetIsPrerelease || !(v.pre !== null || v.dev !== null) || k < plan.earliestPreKey;
    }
    case OP_LE:
      return publicVersionKey(v) <= plan.key;
    case OP_GT: {
      const k = versionKey(v);
      if (!(k > plan.key)) return false;
      if (v.post !== null && plan.postOfTargetPrefix !== null && k.startsWith(plan.postOfTargetPrefix)) return false;
      if (v.local !== null && publicVersionKey(v) === plan.key) return false;
      return true;
    }
    case OP_EQ:
      return publicVersionKey(v) === plan.key;
    case OP_NE:
      return publicVersionKey(v) !== plan.key;
    case OP_EQ_LOCAL:
      return versionKey(v) === plan.key;
    case OP_NE_LOCAL:
      return versionKey(v) !== plan.key;
    case OP_EQ_WILD:
      return matchesWildcardPrefix(plan.wildcard!, v);
    case OP_NE_WILD:
      return !matchesWildcardPrefix(plan.wildcard!, v);
    case OP_COMPAT:
      return publicVersionKey(v) >= plan.key && matchesWildcardPrefix(plan.wildcard!, v);
    default:
      return formatVersion(v).toLowerCase() === plan.arbitraryLower;
  }
}

/** packaging's `Specifier(text).contains(v, prereleases)`: only `prereleases=false` rejects a pre-release. */
export function specifierContains(s: Specifier, v: Version, prereleases?: boolean | null): boolean {
  if (prereleases === false && (v.pre !== null || v.dev !== null)) return false;
  return specifierMatches(s, v);
}

/** `str(Specifier)`: the operator and the version as written. */
export function formatSpecifier(s: Specifier): string {
  return `${s.operator}${s.version}`;
}
