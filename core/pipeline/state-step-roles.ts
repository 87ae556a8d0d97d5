import type { CandidateInfo } from "../catalog/index.js";
import type { Environment } from "../pep508/index.js";
import { impliedByRoot } from "./root-implied.js";
import type { StateStepUnit } from "./unit.js";

/**
 * Where a state step takes effect: `static` (its condition is implied by the root requirements,
 * so it is precomputed for the candidates it matches), `final` (checked on final stacks and by the
 * search's predicates), or `none` (another member of its group is static and already covers it).
 */
export type StateStepRole = "static" | "final" | "none";

export interface StateStepRoles {
  role(step: StateStepUnit): StateStepRole;
  /** The steps whose role is `final`, in unit order. */
  finalSteps(): readonly StateStepUnit[];
}

/**
 * Decides each step's role once (memoized: the answer never changes during one request, even if
 * more releases become known later). A group's static member is its first member, in unit order,
 * whose condition is implied.
 */
export function createStateStepRoles(
  steps: readonly StateStepUnit[], requirements: readonly string[], environment: Environment,
  releases: ((name: string) => readonly CandidateInfo[] | undefined) | undefined,
): StateStepRoles {
  const implied = new Map<StateStepUnit, boolean>();
  const isImplied = (s: StateStepUnit): boolean => {
    let known = implied.get(s);
    if (known === undefined) {
      known = impliedByRoot(s.resolved, requirements, environment, (n) => releases?.(n));
      implied.set(s, known);
    }
    return known;
  };
  const groups = new Map<string, StateStepUnit[]>();
  for (const s of steps) {
    if (s.group === undefined) continue;
    const members = groups.get(s.group) ?? [];
    members.push(s);
    groups.set(s.group, members);
  }
  const role = (s: StateStepUnit): StateStepRole => {
    if (s.group === undefined) return isImplied(s) ? "static" : "final";
    const chosen = (groups.get(s.group) ?? []).find(isImplied);
    return chosen === undefined ? "final" : chosen === s ? "static" : "none";
  };
  return { role, finalSteps: () => steps.filter((s) => role(s) === "final") };
}
