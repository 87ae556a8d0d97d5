import { parseSpecifierSet, parseVersion, specifierSetContains, versionKey } from "../pep440/index.js";

/**
 * Whether `version` satisfies the PEP 440 specifier text (undefined or empty: any version).
 * Prereleases match (a unit that names a version range means the versions in it). An invalid
 * specifier or version matches nothing.
 */
export function versionMatches(version: string, specifier: string | undefined): boolean {
  if (specifier === undefined || specifier.trim() === "") return true;
  const s = parseSpecifierSet(specifier);
  const v = parseVersion(version);
  return s.ok && v.ok && specifierSetContains(s.value, v.value, true);
}

/** The PEP 440 identity of a version (`1.0` and `1.0.0` share it); the text itself when it does not parse. */
export function versionIdentity(version: string): string {
  const v = parseVersion(version);
  return v.ok ? versionKey(v.value) : `?${version}`;
}
