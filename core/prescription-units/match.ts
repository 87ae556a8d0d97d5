import { normalizeName } from "../pep508/index.js";
import type { IndexUrlCondition, PackageVersionMatch } from "../prescription/index.js";
import { versionMatches } from "../pipeline/index.js";

/** The index candidates come from unless the request says otherwise. */
export const PYPI_SIMPLE = "https://pypi.org/simple";

const normalUrl = (url: string): string => url.replace(/\/+$/, "");

/** Thoth's index_url check for candidates of `indexUrl`: `X` holds for X only, `not: X` for any other index. */
export function indexHolds(condition: IndexUrlCondition | undefined, indexUrl: string): boolean {
  if (condition === undefined) return true;
  const same = normalUrl(condition.url) === normalUrl(indexUrl);
  return condition.negated ? !same : same;
}

/** A package_version condition over candidates of one index: name (normalized) and PEP 440 specifier, each optional. */
export interface CandidateMatch {
  readonly name?: string;
  readonly version?: string;
}

/**
 * The package_version condition as it applies to candidates of `indexUrl`, or a reason why it
 * never holds there: another index, or develop installs (candidates from an index never are).
 */
export function candidateMatch(m: PackageVersionMatch, indexUrl: string): CandidateMatch | { readonly never: string } {
  if (!indexHolds(m.indexUrl, indexUrl)) return { never: `index_url ${m.indexUrl?.negated ? "not " : ""}${m.indexUrl?.url}` };
  if (m.develop === true) return { never: "develop installs only" };
  return { ...(m.name !== undefined ? { name: normalizeName(m.name) } : {}), ...(m.version !== undefined ? { version: m.version } : {}) };
}

export const isNever = (m: CandidateMatch | { readonly never: string }): m is { readonly never: string } => "never" in m;

/**
 * The match entries' package_version conditions that can hold for candidates of `indexUrl`, and
 * why the last one that cannot never does ("no match entry" when there is none).
 */
export function applicableMatches(entries: readonly { readonly packageVersion: PackageVersionMatch }[], indexUrl: string): { readonly matches: CandidateMatch[]; readonly never: string } {
  const matches: CandidateMatch[] = [];
  let never = "no match entry";
  for (const m of entries) {
    const c = candidateMatch(m.packageVersion, indexUrl);
    if (isNever(c)) never = c.never;
    else matches.push(c);
  }
  return { matches, never };
}

/** Whether a candidate satisfies the condition. */
export function candidateMatches(m: CandidateMatch, name: string, version: string): boolean {
  return (m.name === undefined || m.name === name) && versionMatches(version, m.version);
}

/** A condition that must name its package (state entries, group members), with the same `never` outcome. */
export function namedMatch(m: PackageVersionMatch, indexUrl: string): { readonly name: string; readonly version?: string } | { readonly never: string } | undefined {
  const c = candidateMatch(m, indexUrl);
  if (isNever(c)) return c;
  return c.name === undefined ? undefined : { name: c.name, ...(c.version !== undefined ? { version: c.version } : {}) };
}
