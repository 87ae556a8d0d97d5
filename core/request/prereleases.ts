import { PRERELEASE_POLICIES, type PrereleasePolicy } from "../compile/index.js";
import { invalidArgument, type Result } from "../failure/index.js";

/** A prerelease policy by name (PRERELEASE_POLICIES: `if-necessary`, `explicit`, `allow`, `disallow`, and the two of before 2026-12-03). */
export function prereleasePolicy(text: string): Result<PrereleasePolicy> {
  if ((PRERELEASE_POLICIES as readonly string[]).includes(text)) return { ok: true, value: text as PrereleasePolicy };
  return { ok: false, error: invalidArgument(`expected ${PRERELEASE_POLICIES.join(", ")}, got ${JSON.stringify(text)}`, "prereleases") };
}
