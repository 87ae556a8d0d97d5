import type { PrereleasePolicy } from "./request.js";

/**
 * Whether a package's prereleases stay candidates under a policy (else each is excluded as
 * Exclusion.Prerelease when the graph is compiled). `onlyPrereleases`: every version of the
 * package is a prerelease; `named`: a root requirement or a constraint on it mentions a prerelease
 * (`>=2.0b1`). The stable preference of if-necessary and explicit is the resolver's (prefersStable).
 */
export function keepsPrereleases(policy: PrereleasePolicy, onlyPrereleases: boolean, named: boolean): boolean {
  switch (policy) {
    case "if-necessary":
    case "allow":
      return true;
    case "disallow":
      return false;
    case "explicit":
      return named;
    case "if-necessary-or-explicit":
      return onlyPrereleases || named;
    case "legacy-if-necessary":
      return onlyPrereleases;
  }
}

/**
 * Whether the resolver tries every stable version of a package before its prereleases (uv 0.12's
 * `if-necessary` and `explicit`). The policies of before 2026-12-03 and `allow` order prereleases by
 * version among the others. A graph records its policy in `meta.prereleases`.
 */
export function prefersStable(policy: unknown): boolean {
  return policy === "if-necessary" || policy === "explicit";
}
