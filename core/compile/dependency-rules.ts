import { Exclusion } from "../graph/index.js";
import { evaluateMarker, normalizeName, parseRequirement, type Environment } from "../pep508/index.js";
import type { Dependency, LoadedPackage } from "./loaded-package.js";
import type { CompileProblem, CompileRequest } from "./request.js";

/**
 * The request's dependency rules on one loaded package, for every usable version: drops the
 * dependencies `keepDependency` does not keep (base and per extra) and appends the requirements
 * `addedRequirements` gives (base only; a marker false for the environment adds nothing). An added
 * requirement that does not parse is a problem naming the candidate, and is left out.
 */
export function applyDependencyRules(pkg: LoadedPackage, request: CompileRequest, env: Environment, problems: CompileProblem[]): void {
  const keep = request.keepDependency;
  const add = request.addedRequirements;
  if (keep === undefined && add === undefined) return;
  for (const v of pkg.versions) {
    if (v.exclusion !== Exclusion.None) continue;
    if (keep !== undefined) {
      const keeps = (extra?: string): ((d: Dependency) => boolean) => {
        const dependent = { name: pkg.name, version: v.text, ...(extra !== undefined ? { extra } : {}) };
        const kept = new Map<string, boolean>();
        return (d) => {
          let k = kept.get(d.target);
          if (k === undefined) kept.set(d.target, (k = keep(d.target, dependent)));
          return k;
        };
      };
      retain(v.base, keeps());
      for (const [extra, list] of v.byExtra) retain(list, keeps(extra));
    }
    for (const text of add?.(pkg.name, v.text) ?? []) {
      const parsed = parseRequirement(text);
      if (!parsed.ok || parsed.value.url !== null) {
        const reason = parsed.ok ? "a direct URL is not supported" : parsed.error.message;
        problems.push({ kind: "invalid-metadata", package: pkg.name, version: v.text, reason: `added requirement ${JSON.stringify(text)}: ${reason}` });
        continue;
      }
      const req = parsed.value;
      if (req.marker !== null && !evaluateMarker(req.marker, env)) continue;
      v.base.push({ target: normalizeName(req.name), extras: req.extras.map(normalizeName), requirement: req, text });
    }
  }
}

/** Keeps, in place, the dependencies `keep` accepts. */
function retain(list: Dependency[], keep: (d: Dependency) => boolean): void {
  let n = 0;
  for (const d of list) if (keep(d)) list[n++] = d;
  list.length = n;
}
