import { formatVersion, parseVersion, type Version } from "./version.js";

/**
 * Prefix matching of `==X.*`, `!=X.*` and the prefix half of `~=`, exactly as packaging's
 * `_compare_equal` does it: both sides are canonicalized, split on "!" and "." (with an implicit
 * split between a release number and a pre-release tag), the candidate is zero-padded and cut to
 * the prefix's length, and the string lists must be equal.
 */
export interface WildcardPrefix {
  /** The prefix split as packaging splits it (`_version_split`), e.g. ["0", "3", "10"]. */
  readonly split: readonly string[];
  /** How many leading segments are all digits. */
  readonly numericLength: number;
  /** Fast path when the prefix is a canonical version made of numbers only: epoch and release. */
  readonly epoch: number;
  readonly release: readonly number[] | null;
}

const PREFIX_SEGMENT = /^([0-9]+)((?:a|b|c|rc)[0-9]+)$/;
const DIGITS = /^[0-9]+$/;

/** packaging's `_version_split`. */
export function versionSplit(version: string): string[] {
  const bang = version.lastIndexOf("!");
  const epoch = bang < 0 ? "" : version.slice(0, bang);
  const rest = bang < 0 ? version : version.slice(bang + 1);
  const result = [epoch || "0"];
  for (const item of rest.split(".")) {
    const m = PREFIX_SEGMENT.exec(item);
    if (m) result.push(m[1]!, m[2]!);
    else result.push(item);
  }
  return result;
}

function numericPrefixLength(split: readonly string[]): number {
  let count = 0;
  for (const segment of split) {
    if (!DIGITS.test(segment)) break;
    count++;
  }
  return count;
}

/** packaging's `canonicalize_version(text, strip_trailing_zero=False)`: invalid text is returned as is. */
function canonicalizeKeepZeros(text: string): { text: string; version: Version | null } {
  const parsed = parseVersion(text);
  return parsed.ok ? { text: formatVersion(parsed.value), version: parsed.value } : { text, version: null };
}

/** The prefix of a wildcard specifier, from its version text without the trailing ".*". */
export function makeWildcardPrefix(prefixText: string): WildcardPrefix {
  const canonical = canonicalizeKeepZeros(prefixText);
  const split = versionSplit(canonical.text);
  const numericLength = numericPrefixLength(split);
  const v = canonical.version;
  const fast = v !== null && numericLength === split.length && v.pre === null && v.post === null && v.dev === null && v.local === null;
  return { split, numericLength, epoch: fast ? v.epoch : 0, release: fast ? v.release : null };
}

const IS_NOT_SUFFIX = /^(?:dev|a|b|rc|post)/;

/** The prefix text `~=` derives from its version (`_compare_compatible`), without ".*". */
export function compatiblePrefixText(specVersion: string): string {
  const split = versionSplit(specVersion);
  const kept: string[] = [];
  for (const segment of split) {
    if (IS_NOT_SUFFIX.test(segment)) break;
    kept.push(segment);
  }
  kept.pop();
  const [epoch, ...rest] = kept;
  return `${epoch}!${rest.join(".")}`;
}

/** Whether the public part of `v` starts with the prefix. Allocates only on the slow path. */
export function matchesWildcardPrefix(prefix: WildcardPrefix, v: Version): boolean {
  const release = prefix.release;
  if (release !== null) {
    if (v.epoch !== prefix.epoch) return false;
    const vr = v.release;
    for (let i = 0; i < release.length; i++) {
      const x = i < vr.length ? vr[i]! : 0;
      if (x !== release[i]) return false;
    }
    return true;
  }
  const publicText = formatVersion(v.local === null ? v : { ...v, local: null });
  const split = versionSplit(publicText);
  const numeric = numericPrefixLength(split);
  const padded = numeric >= prefix.numericLength ? split : [...split.slice(0, numeric), ...new Array<string>(prefix.numericLength - numeric).fill("0"), ...split.slice(numeric)];
  if (padded.length < prefix.split.length) return false;
  for (let i = 0; i < prefix.split.length; i++) if (padded[i] !== prefix.split[i]) return false;
  return true;
}
