import type { Parsed } from "../parse-error.js";
import { parseSpecifierSet, parseVersion, specifierSetContains } from "../pep440/index.js";

/**
 * Whether a Requires-Python value admits a Python version, as pip checks it: null or blank admits
 * every version; otherwise `SpecifierSet(requiresPython).contains(Version(python), prereleases=True)`.
 * Invalid Requires-Python text (or an invalid Python version) is a ParseError of kind "requires-python".
 */
export function requiresPythonMatches(requiresPython: string | null, pythonFullVersion: string): Parsed<boolean> {
  const version = parseVersion(pythonFullVersion);
  if (!version.ok) {
    return { ok: false, error: { ...version.error, kind: "requires-python", message: `invalid Python version: ${version.error.message}` } };
  }
  if (requiresPython === null) return { ok: true, value: true };
  const set = parseSpecifierSet(requiresPython);
  if (!set.ok) return { ok: false, error: { ...set.error, kind: "requires-python" } };
  return { ok: true, value: specifierSetContains(set.value, version.value, true) };
}
