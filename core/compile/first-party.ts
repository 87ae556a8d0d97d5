import { isPrerelease, parseVersion, specifierContains, type SpecifierSet, type Version } from "../pep440/index.js";
import { evaluateMarker, normalizeName, parseRequirement, type Environment, type Requirement } from "../pep508/index.js";
import type { CompileError } from "./request.js";
import type { Result } from "../failure/index.js";

/** A root requirement or a constraint after parsing, marker already evaluated true. */
export interface FirstParty {
  readonly name: string;
  readonly requirement: Requirement;
  readonly text: string;
}

export type FirstPartyParse = Result<FirstParty[], CompileError>;

/** Parses root requirements or constraints; drops those whose marker is false for the environment. */
export function parseFirstParty(texts: readonly string[], env: Environment, what: string): FirstPartyParse {
  const out: FirstParty[] = [];
  for (const text of texts) {
    const parsed = parseRequirement(text);
    if (!parsed.ok) {
      return { ok: false, error: { kind: "invalid-requirement", text, message: `invalid ${what} ${JSON.stringify(text)}: ${parsed.error.message} (at position ${parsed.error.position})` } };
    }
    const req = parsed.value;
    if (req.url !== null) {
      return { ok: false, error: { kind: "invalid-requirement", text, message: `${what} ${JSON.stringify(text)}: direct URL requirements are not supported` } };
    }
    if (req.marker !== null && !evaluateMarker(req.marker, env)) continue;
    out.push({ name: normalizeName(req.name), requirement: req, text });
  }
  return { ok: true, value: out };
}

/** True when some clause of the set names a prerelease (`>=2.0b1`): the explicit opt-in of PEP 440. */
export function mentionsPrerelease(set: SpecifierSet): boolean {
  return set.specifiers.some((s) => {
    if (s.operator === "===" || s.operator === "!=") return false;
    const v = parseVersion(s.version.replace(/\.\*$/, ""));
    return v.ok && isPrerelease(v.value);
  });
}

/** True when the set pins `version` exactly (`==1.0`, `===1.0`), which unlocks a yanked release (PEP 592). */
export function pinsExactly(set: SpecifierSet, version: Version, text: string): boolean {
  return set.specifiers.some((s) =>
    (s.operator === "===" && s.version === text) ||
    (s.operator === "==" && !s.version.endsWith(".*") && specifierContains(s, version, true)));
}
