import type { CandidateInfo, Catalog } from "../catalog/index.js";
import { Exclusion } from "../graph/index.js";
import { compareVersions, formatVersion, isCanonicalRelease, isPrerelease, parseVersion, specifierSetContains, type Version } from "../pep440/index.js";
import type { FirstParty } from "./first-party.js";
import { mentionsPrerelease, pinsExactly } from "./first-party.js";
import { keepsPrereleases } from "./prerelease-policy.js";
import { requiresPythonFits } from "./requires-python.js";
import { DEFAULT_PRERELEASE_POLICY, type CompileError, type CompileProblem, type CompileRequest } from "./request.js";
import type { Result } from "../failure/index.js";

/** One version of a project as its index lists it, before its metadata is read. */
export interface ListedVersion {
  /** Canonical (formatVersion). */
  readonly text: string;
  readonly version: Version;
  readonly info: CandidateInfo;
  /** What the listing and the request decide: Requires-Python when listed, yanked, prereleases, constraints, sieve, distributions. */
  readonly exclusion: Exclusion;
  /** The Requires-Python text that excluded it, when it did. */
  readonly requiresPython?: string;
}

/** A project's versions, newest first; null: the project does not exist. */
export type Listing = readonly ListedVersion[] | null;

/** What listing needs from the request, fixed for one resolve. */
export interface ListingContext {
  readonly request: CompileRequest;
  readonly python: Version;
  readonly roots: readonly FirstParty[];
  readonly constraints: readonly FirstParty[];
  readonly problems: CompileProblem[];
  /** Requires-Python text -> fits (or "invalid"), shared across projects. */
  readonly requiresPython: Map<string, boolean | "invalid">;
}

/**
 * A project's versions as the index lists them (parsed, duplicates of one canonical version
 * dropped, newest first) with the exclusions that need no metadata, in the compiler's order:
 * Requires-Python (when the listing gives it), then yanked (PEP 592, unless a root requirement or
 * constraint pins it exactly), prereleases (the policy), constraints, sieve, distributions.
 * Exclusions that need metadata (invalid or missing metadata, a Requires-Python only the
 * metadata gives) are found when a version is compiled (lazy-graph.ts).
 */
export async function listPackage(catalog: Catalog, name: string, context: ListingContext): Promise<Result<Listing, CompileError>> {
  const listed = await catalog.versions(name);
  if (listed.kind === "offline") return { ok: false, error: { kind: "offline", message: listed.reason } };
  if (listed.kind !== "found") return { ok: true, value: null };
  const { request, problems } = context;
  const seen = new Set<string>();
  const parsed: { info: CandidateInfo; version: Version; text: string }[] = [];
  for (const info of listed.value) {
    const v = parseVersion(info.version);
    if (!v.ok) {
      problems.push({ kind: "invalid-version", package: name, version: info.version, reason: v.error.message });
      continue;
    }
    const text = isCanonicalRelease(info.version) ? info.version : formatVersion(v.value);
    if (seen.has(text)) continue;
    seen.add(text);
    parsed.push({ info, version: v.value, text });
  }
  parsed.sort((a, b) => compareVersions(b.version, a.version));
  const mine = [...context.roots, ...context.constraints].filter((f) => f.name === name);
  const mineConstraints = context.constraints.filter((c) => c.name === name);
  const preOk = keepsPrereleases(request.prereleases ?? DEFAULT_PRERELEASE_POLICY,
    parsed.every((p) => isPrerelease(p.version)), mine.some((f) => mentionsPrerelease(f.requirement.specifier)));
  const out: ListedVersion[] = [];
  for (const { info, version, text } of parsed) {
    let exclusion = Exclusion.None;
    let requiresPython: string | undefined;
    if (info.requiresPython !== null) {
      const fits = requiresPythonFitsOnce(info.requiresPython, context);
      if (fits === "invalid") {
        exclusion = Exclusion.InvalidMetadata;
        problems.push({ kind: "invalid-metadata", package: name, version: text, reason: `invalid Requires-Python ${JSON.stringify(info.requiresPython)}` });
      } else if (!fits) {
        exclusion = Exclusion.RequiresPython;
        requiresPython = info.requiresPython;
      }
    }
    if (exclusion === Exclusion.None) exclusion = requestExclusion(name, info, version, text, preOk, mine, mineConstraints, request);
    out.push(requiresPython === undefined ? { text, version, info, exclusion } : { text, version, info, exclusion, requiresPython });
  }
  return { ok: true, value: out };
}

/** Requires-Python against the target, each distinct text checked once. */
export function requiresPythonFitsOnce(text: string, context: ListingContext): boolean | "invalid" {
  let fits = context.requiresPython.get(text);
  if (fits === undefined) {
    fits = requiresPythonFits(text, context.python, context.request.ignoreRequiresPythonUpperBounds ?? false);
    context.requiresPython.set(text, fits);
  }
  return fits;
}

/** The request's own exclusions of one version (compile.ts applyRequestRules, for one version). */
function requestExclusion(
  name: string, info: CandidateInfo, version: Version, text: string, preOk: boolean,
  mine: readonly FirstParty[], mineConstraints: readonly FirstParty[], request: CompileRequest,
): Exclusion {
  if (info.yanked && !mine.some((f) => pinsExactly(f.requirement.specifier, version, text))) return Exclusion.Yanked;
  if (!preOk && isPrerelease(version)) return Exclusion.Prerelease;
  if (mineConstraints.some((c) => !specifierSetContains(c.requirement.specifier, version, true))) return Exclusion.Constraint;
  if (request.sieve && !request.sieve(name, text)) return Exclusion.Sieve;
  if (request.installable && !request.installable(name, text, info.files)) return Exclusion.NoDistribution;
  return Exclusion.None;
}
