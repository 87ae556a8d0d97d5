import { isValidName, normalizeName, parseRequirement } from "../../core/pep508/index.js";

/** A PEP 508 requirement as a project file states it: checked, or why it cannot be used (the caller names the key). */
export function checkRequirement(text: unknown): { readonly ok: true; readonly text: string; readonly name: string } | { readonly ok: false; readonly error: string } {
  if (typeof text !== "string") return { ok: false, error: "expected a PEP 508 requirement string" };
  const parsed = parseRequirement(text.trim());
  if (!parsed.ok) return { ok: false, error: `invalid requirement ${JSON.stringify(text)}: ${parsed.error.message}` };
  if (parsed.value.url !== null) return { ok: false, error: `${JSON.stringify(text)}: direct URL requirements are not supported (only packages from an index)` };
  return { ok: true, text: text.trim(), name: normalizeName(parsed.value.name) };
}

/** A group or extra name normalized as PEP 685 and PEP 735 say (as a project name), or null when invalid. */
export function groupName(text: string): string | null {
  return isValidName(text) ? normalizeName(text) : null;
}
