import { parseSpecifierSet, specifierContains, type Version } from "../pep440/index.js";

/**
 * Whether a candidate's Requires-Python admits the target Python, as pip checks it (every clause,
 * prereleases allowed). With `ignoreUpperBounds` the `<` and `<=` clauses are skipped, as uv does
 * when it resolves (packse's `python-less-than-current`).
 */
export function requiresPythonFits(text: string | null, python: Version, ignoreUpperBounds: boolean): boolean | "invalid" {
  if (text === null || text.trim() === "") return true;
  const parsed = parseSpecifierSet(text);
  if (!parsed.ok) return "invalid";
  for (const clause of parsed.value.specifiers) {
    if (ignoreUpperBounds && (clause.operator === "<" || clause.operator === "<=")) continue;
    if (!specifierContains(clause, python, true)) return false;
  }
  return true;
}
