import type { ConflictOutcome } from "./conflict-resolution.js";
import type { IncompatibilityLists } from "./incompatibility-lists.js";
import type { Incompatibility } from "./incompatibility.js";
import type { PartialSolution } from "./partial-solution.js";
import type { SolveStats } from "./solve-stats.js";
import type { SolverGraph } from "./solver-graph.js";
import { termDisjoint, termSubset } from "./term.js";

/** How propagation ended: no conflict left (null), the root's failure, the conflict limit, or the caller's stop check. */
export type PropagationEnd = null | { readonly failure: Incompatibility } | "limit" | "stopped";

/** Unit propagation from a changed package; `grow` makes room for the graph's packages now (between propagations). */
export interface UnitPropagation {
  propagate(start: number): PropagationEnd;
  grow(): void;
}

const NONE = -2;
const CONFLICT = -1;

/**
 * Unit propagation: from a changed package, every incompatibility whose terms the partial
 * solution satisfies all but one derives that term's negation (and the derived package is
 * visited in turn); one it satisfies entirely is a conflict, resolved (learning, backjumping)
 * before propagation goes on from the learned incompatibility.
 */
export function createUnitPropagation(
  g: SolverGraph, ps: PartialSolution, lists: IncompatibilityLists, resolveConflict: (conflict: Incompatibility) => ConflictOutcome,
  stats: SolveStats, maxConflicts: number, stopDue: () => boolean,
): UnitPropagation {
  let P = 0;
  let { acc, accOff, accPos } = ps;
  let queue = new Int32Array(1);
  let inQueue = new Uint8Array(0);

  /** NONE, CONFLICT, or the package of the derived term. */
  function propagateIncompat(inc: Incompatibility): number {
    let unsat = -1;
    const terms = inc.terms;
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i];
      const p = t.pkg;
      const n = g.maskWords[p];
      const sPos = accPos[p] === 1;
      if (termSubset(sPos, acc, accOff[p], t.positive, t.set, 0, n)) continue;
      if (termDisjoint(sPos, acc, accOff[p], t.positive, t.set, 0, n)) return NONE;
      if (unsat >= 0) return NONE;
      unsat = i;
    }
    if (unsat < 0) return CONFLICT;
    const t = terms[unsat];
    ps.derive(t.pkg, !t.positive, t.set, 0, inc);
    stats.propagations++;
    return t.pkg;
  }

  function grow(): void {
    ({ acc, accOff, accPos } = ps);
    if (g.packageCount === P) return;
    P = g.packageCount;
    queue = new Int32Array(P + 1);
    inQueue = new Uint8Array(P);
  }

  grow();
  return { propagate, grow };

  function propagate(start: number): PropagationEnd {
    let head = 0;
    let tail = 0;
    const push = (p: number) => {
      if (inQueue[p] === 1) return;
      inQueue[p] = 1;
      queue[tail] = p;
      tail = tail === P ? 0 : tail + 1;
    };
    push(start);
    while (head !== tail) {
      const p = queue[head];
      head = head === P ? 0 : head + 1;
      inQueue[p] = 0;
      const list = lists.of(p);
      for (let i = list.length - 1; i >= 0; i--) {
        const inc = list[i];
        if (stopDue()) return "stopped";
        const r = propagateIncompat(inc);
        if (r === NONE) continue;
        if (r !== CONFLICT) {
          push(r);
          continue;
        }
        stats.conflicts++;
        if (stats.conflicts > maxConflicts) return "limit";
        const outcome = resolveConflict(inc);
        if ("failure" in outcome) return outcome;
        while (head !== tail) {
          inQueue[queue[head]] = 0;
          head = head === P ? 0 : head + 1;
        }
        const q = propagateIncompat(outcome.learned);
        if (q < 0) throw new Error("solve: a learned incompatibility did not propagate (bug)");
        push(q);
        break;
      }
    }
    return null;
  }
}
