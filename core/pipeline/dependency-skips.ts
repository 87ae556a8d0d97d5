import type { Justification } from "../justification/index.js";
import { keyOf } from "./candidate-verdicts.js";
import type { Dependent, RequestContext, SkipUnit } from "./unit.js";

/** What the skip units decide about dependency edges, and what they said when dropping some. */
export interface DependencySkips {
  /** False drops the dependency of `dependent` (null: the root; with `extra`: that extra's) on `target`. */
  keepDependency(target: string, dependent: Dependent | null): boolean;
  /** What the skip units said when dropping dependencies of a candidate (null: the root's). */
  dropped(dependent: { readonly name: string; readonly version: string } | null): readonly Justification[];
}

/** Reads dependency edges: the first skip unit that drops one decides; its justifications are kept for the stacks that hold the dependent. */
export function createDependencySkips(skips: readonly SkipUnit[], request: RequestContext): DependencySkips {
  /** Per dependent candidate (key "" for the root). */
  const skipped = new Map<string, Justification[]>();
  return {
    keepDependency(target, dependent) {
      for (const s of skips) {
        const d = s.run(target, dependent, request);
        if (d.keep) continue;
        // A stack names base packages only: what a skip says about an extra's dependency is not reported.
        if (dependent?.extra !== undefined) return false;
        const key = dependent === null ? "" : keyOf(dependent.name, dependent.version);
        const list = skipped.get(key) ?? [];
        list.push(...(d.justification ?? []));
        skipped.set(key, list);
        return false;
      }
      return true;
    },
    dropped: (dependent) => skipped.get(dependent === null ? "" : keyOf(dependent.name, dependent.version)) ?? [],
  };
}
