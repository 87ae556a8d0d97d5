import type { CandidateInfo } from "../catalog/index.js";
import type { Environment } from "../pep508/index.js";

/**
 * Which prereleases a package may use (core/compile/prerelease-policy.ts, README "Prereleases").
 * uv 0.12.0 (released 2026-07-28) semantics, Maat's default since 2026-12-03:
 * - if-necessary (default): every prerelease stays a candidate, and the resolver prefers stable
 *   versions: a prerelease is chosen only when no stable version of its package fits the active
 *   constraints (a requirement met deep in the graph included, as pip does).
 * - explicit: prereleases only for packages a root requirement or a constraint names with a
 *   prerelease in its specifier (`b>=2.0b1`), stable versions preferred there too; none elsewhere.
 * - allow: every prerelease, in plain version order (no stable preference).
 * - disallow: none.
 * Maat's policies before 2026-12-03 (uv 0.11 and earlier), kept for anyone who relies on them; they
 * decide per package before solving, and allowed prereleases compete in plain version order:
 * - if-necessary-or-explicit (Maat's default until 2026-12-03): prereleases for a package whose versions
 *   are all prereleases, or that a root requirement or constraint names with a prerelease
 *   (uv 0.12 keeps this name only as a deprecated alias of if-necessary; Maat keeps its meaning).
 * - legacy-if-necessary: what `if-necessary` meant in Maat until 2026-12-03: prereleases only for a package
 *   whose versions are all prereleases.
 */
export type PrereleasePolicy = "if-necessary" | "explicit" | "allow" | "disallow" | "if-necessary-or-explicit" | "legacy-if-necessary";

export const PRERELEASE_POLICIES: readonly PrereleasePolicy[] = ["if-necessary", "explicit", "allow", "disallow", "if-necessary-or-explicit", "legacy-if-necessary"];

/** The policy when a request names none (uv's default since 0.12.0). */
export const DEFAULT_PRERELEASE_POLICY: PrereleasePolicy = "if-necessary";

/** Everything that decides the compiled graph of one request. */
export interface CompileRequest {
  /** Root requirements, PEP 508 strings. */
  readonly requirements: readonly string[];
  /** Constraints, PEP 508 strings: they narrow a package when it is installed, never pull it in. */
  readonly constraints?: readonly string[];
  /** The target environment markers are evaluated against (see pep508 environmentFor). */
  readonly environment: Environment;
  /** The Python version requires-python is checked against; default environment.python_full_version. */
  readonly python?: string;
  readonly prereleases?: PrereleasePolicy;
  /** Skip `<`/`<=` clauses of Requires-Python, as uv does (default false: pip checks every clause). */
  readonly ignoreRequiresPythonUpperBounds?: boolean;
  /** Optional: false removes a candidate (a sieve); called once per candidate. */
  readonly sieve?: (name: string, version: string) => boolean;
  /** Optional: the static score of a candidate; called once per candidate. */
  readonly score?: (name: string, version: string) => number;
  /**
   * Optional: false drops the dependency of `dependent` (null: the root requirements; `extra`:
   * a dependency of that extra only) on the package `target`: the graph has no edge for it, so
   * `target` is installed only when another kept dependency requires it (Thoth's SkipPackage).
   * Called once per target of each usable candidate and extra, after `sieve`.
   */
  readonly keepDependency?: (target: string, dependent: { readonly name: string; readonly version: string; readonly extra?: string } | null) => boolean;
  /** Optional: PEP 508 requirements added to a usable candidate's dependencies (Thoth's step.AddPackage); called once per candidate. */
  readonly addedRequirements?: (name: string, version: string) => readonly string[];
  /** Optional: false makes a candidate unusable on the target (no compatible distribution). */
  readonly installable?: (name: string, version: string, files: CandidateInfo["files"]) => boolean;
  /** Stated limit on the number of packages in the closure (hostile input). */
  readonly maxPackages?: number;
}

/** What compiling reports besides the graph; none of these stops it. */
export type CompileProblem =
  | { readonly kind: "not-found"; readonly package: string; readonly requiredBy: string }
  | { readonly kind: "invalid-version"; readonly package: string; readonly version: string; readonly reason: string }
  | { readonly kind: "invalid-metadata"; readonly package: string; readonly version: string; readonly reason: string };

export type CompileError =
  | { readonly kind: "invalid-requirement"; readonly text: string; readonly message: string }
  | { readonly kind: "offline"; readonly message: string }
  | { readonly kind: "too-large"; readonly message: string };
