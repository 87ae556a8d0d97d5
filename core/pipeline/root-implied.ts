import type { CandidateInfo } from "../catalog/index.js";
import { parseVersion, specifierSetContains } from "../pep440/index.js";
import { evaluateMarker, normalizeName, parseRequirement, type Environment } from "../pep508/index.js";
import type { PackageMatch } from "./unit.js";
import { versionMatches } from "./version-match.js";

/**
 * Whether every final stack satisfies `resolved` because of the root requirements alone: for each
 * entry, a root requirement (its marker true in the environment) names the package, and every
 * release the catalog lists that the requirement allows also matches the entry's specifier (a
 * release set unknown yet: only an exact `==X` pin decides). Then a state step with this
 * condition is static and can be precomputed into the graph.
 */
export function impliedByRoot(
  resolved: readonly PackageMatch[], requirements: readonly string[], environment: Environment,
  releases: (name: string) => readonly CandidateInfo[] | undefined,
): boolean {
  const roots = requirements.map(parseRequirement).flatMap((r) => (r.ok && (r.value.marker === null || evaluateMarker(r.value.marker, environment)) ? [r.value] : []));
  return resolved.every((entry) => {
    const name = normalizeName(entry.name);
    const mine = roots.filter((r) => normalizeName(r.name) === name);
    if (mine.length === 0) return false;
    if (entry.version === undefined || entry.version.trim() === "") return true;
    const listed = releases(name);
    if (listed === undefined) {
      return mine.some((r) => r.specifier.specifiers.length === 1 && r.specifier.specifiers[0].operator === "==" &&
        !r.specifier.specifiers[0].version.endsWith(".*") && versionMatches(r.specifier.specifiers[0].version, entry.version));
    }
    return listed.every((info) => {
      const v = parseVersion(info.version);
      if (!v.ok) return true;
      const allowed = mine.every((r) => specifierSetContains(r.specifier, v.value, true));
      return !allowed || versionMatches(info.version, entry.version);
    });
  });
}
