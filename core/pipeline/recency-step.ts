import { compareVersions, parseVersion } from "../pep440/index.js";
import type { StaticStepUnit } from "./unit.js";
import { versionIdentity } from "./version-match.js";

/**
 * Newer is better, normalized per package to [-1, 0] by VERSION INDEX (not upload time, which most
 * snapshots do not know): the releases the catalog lists for the package, distinct by PEP 440
 * identity and sorted by PEP 440, score (i / (n - 1)) - 1 from the oldest (-1) to the newest (0),
 * times `weight`; a package with one release scores 0. Never positive, so a stack does not gain by
 * installing more packages. Unparseable or unlisted versions: no score.
 */
export function recencyStep(weight = 1): StaticStepUnit {
  const perPackage = new WeakMap<object, Map<string, number>>();
  return {
    kind: "step",
    scope: "candidate",
    name: "recency",
    term: "recency",
    run(_name, version, context) {
      let index = perPackage.get(context.releases);
      if (index === undefined) {
        const parsed = new Map<string, ReturnType<typeof parseVersion> & { ok: true }>();
        for (const r of context.releases) {
          const p = parseVersion(r.version);
          if (p.ok) parsed.set(versionIdentity(r.version), p);
        }
        const sorted = [...parsed.entries()].sort((a, b) => compareVersions(a[1].value, b[1].value));
        index = new Map(sorted.map(([id], i) => [id, sorted.length === 1 ? 0 : i / (sorted.length - 1) - 1]));
        perPackage.set(context.releases, index);
      }
      const r = index.get(versionIdentity(version));
      return r === undefined ? undefined : { acceptable: true, score: weight * r };
    },
  };
}
