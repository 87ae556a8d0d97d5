import type { CandidateInfo } from "../catalog/index.js";
import type { Justification } from "../justification/index.js";
import type { Alternative } from "./unit.js";
import { versionIdentity } from "./version-match.js";

/**
 * What the pseudonym units' alternatives to a stack's candidate look like in the report: the
 * units' own justifications and an INFO naming the alternative, saying the search did not
 * explore it. An alternative version the catalog is known not to list is left out (Thoth offered
 * only alternatives it had solved); one whose package the catalog was never asked about is kept,
 * and the message says its existence was not checked.
 */
export function alternativeJustifications(
  name: string, version: string, alternatives: readonly Alternative[],
  releases: ((name: string) => readonly CandidateInfo[] | undefined) | undefined,
): Justification[] {
  const out: Justification[] = [];
  for (const a of alternatives) {
    const listed = releases?.(a.name);
    if (listed !== undefined && a.version !== undefined) {
      const id = versionIdentity(a.version);
      if (!listed.some((r) => versionIdentity(r.version) === id)) continue;
    }
    const alt = a.version === undefined ? a.name : `${a.name}==${a.version}`;
    out.push(...(a.justification ?? []));
    const unchecked = listed === undefined ? "; the index was not asked whether it exists" : "";
    out.push({
      type: "INFO", package_name: name,
      message: `${alt} is an alternative to ${name}==${version} (a pseudonym); the search did not explore it${unchecked}`,
    });
  }
  return out;
}
