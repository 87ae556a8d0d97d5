import type { StaticStepUnit } from "./unit.js";
import { versionIdentity } from "./version-match.js";

/**
 * Prefers the versions of an existing lock (`{name: version}`, names PEP 503-normalized): the
 * locked version of a package gets `bonus` (default 1.5: more than the recency step's whole
 * range, so the lock wins over recency alone) and an INFO justification.
 */
export function userStackStep(lock: Readonly<Record<string, string>>, bonus = 1.5): StaticStepUnit {
  const locked = new Map(Object.entries(lock).map(([n, v]) => [n, versionIdentity(v)]));
  return {
    kind: "step",
    scope: "candidate",
    name: "user-stack",
    term: "scores",
    run(name, version) {
      if (locked.get(name) !== versionIdentity(version)) return undefined;
      return { acceptable: true, score: bonus, justification: [{ type: "INFO", message: `${name}==${version} is the version of your locked stack`, package_name: name }] };
    },
  };
}
