import { PRERELEASE_POLICIES, type PrereleasePolicy } from "../compile/index.js";
import { invalidArgument, type Result } from "../failure/index.js";

/** A prerelease policy by name (`allow`, `disallow`, `if-necessary`, `if-necessary-or-explicit`). */
export function prereleasePolicy(text: string): Result<PrereleasePolicy> {
  if ((PRERELEASE_POLICIES as readonly string[]).includes(text)) return { ok: true, value: text as PrereleasePolicy };
  return { ok: false, error: invalidArgument(`expected ${PRERELEASE_POLICIES.join(", ")}, got ${JSON.stringify(text)}`, "prereleases") };
}
