import { ROOT } from "../graph/compiled-graph.js";
import type { IncompatibilityLists } from "./incompatibility-lists.js";
import type { Incompatibility } from "./incompatibility.js";
import type { AssignmentLog, PartialSolution } from "./partial-solution.js";
import type { SolveStats } from "./solve-stats.js";
import type { SolverGraph } from "./solver-graph.js";
import { type Term, intersect, negate, termSubset } from "./term.js";

/** What conflict resolution ends with: an incompatibility to propagate after the backjump, or the proof that the root fails. */
export type ConflictOutcome = { readonly learned: Incompatibility } | { readonly failure: Incompatibility };

/**
 * PubGrub's conflict resolution over a partial solution: walks back the satisfiers of a conflict,
 * resolving with each satisfier's cause, until the satisfier is a decision or the previous
 * satisfier sits at a lower level; learns the result and backjumps there. Ends in failure when
 * the incompatibility is empty or only says "the root".
 */
export interface ConflictResolution {
  resolve(conflict: Incompatibility): ConflictOutcome;
  /** Room for the graph's packages now. */
  grow(): void;
}

export function createConflictResolution(g: SolverGraph, ps: PartialSolution, lists: IncompatibilityLists, stats: SolveStats): ConflictResolution {
  let P = 0;
  let accOff = ps.accOff;
  // Scratch: a term per package (set in scratch, positivity in scratchPos).
  let scratch = new Uint32Array(0);
  let scratchPos = new Uint8Array(0);
  let termOf = new Int32Array(0);
  let satIdx = new Int32Array(16);

  function grow(): void {
    accOff = ps.accOff;
    if (g.packageCount === P) return;
    P = g.packageCount;
    scratch = new Uint32Array(accOff[P]);
    scratchPos = new Uint8Array(P);
    const t = new Int32Array(P).fill(-1);
    t.set(termOf);
    termOf = t;
  }
  grow();

  /** Earliest assignment index at which the partial solution satisfies each term (-1: before any), in satIdx. */
  function satisfierIndices(inc: Incompatibility, log: AssignmentLog): void {
    const terms = inc.terms;
    if (satIdx.length < terms.length) satIdx = new Int32Array(terms.length * 2);
    let left = terms.length;
    for (let k = 0; k < terms.length; k++) {
      const t = terms[k];
      termOf[t.pkg] = k;
      scratch.fill(0, accOff[t.pkg], accOff[t.pkg + 1]);
      scratchPos[t.pkg] = 0;
      satIdx[k] = -2;
      if (termSubset(false, scratch, accOff[t.pkg], t.positive, t.set, 0, t.set.length)) {
        satIdx[k] = -1;
        left--;
      }
    }
    for (let i = 0; i < log.count && left > 0; i++) {
      const p = log.pkg[i];
      const k = termOf[p];
      if (k < 0 || satIdx[k] !== -2) continue;
      const t = terms[k];
      scratchPos[p] = intersectInto(scratch, accOff[p], g.maskWords[p], scratchPos[p], log.pool, log.offset[i], log.positive[i]);
      if (termSubset(scratchPos[p] === 1, scratch, accOff[p], t.positive, t.set, 0, t.set.length)) {
        satIdx[k] = i;
        left--;
      }
    }
    for (const t of terms) termOf[t.pkg] = -1;
    if (left > 0) throw new Error("solve: conflict resolution on an unsatisfied incompatibility (bug)");
  }

  return { resolve, grow };

  function resolve(conflict: Incompatibility): ConflictOutcome {
    const log = ps.log();
    let inc = conflict;
    for (;;) {
      if (isFailure(inc)) return { failure: inc };
      satisfierIndices(inc, log);
      const count = inc.terms.length;
      let k = 0;
      for (let j = 1; j < count; j++) if (satIdx[j] > satIdx[k]) k = j;
      const s = satIdx[k];
      const t = inc.terms[k];
      const p = t.pkg;
      let previous = -1;
      for (let j = 0; j < count; j++) if (j !== k && satIdx[j] > previous) previous = satIdx[j];
      // The earliest assignment of p before s that, with the satisfier, satisfies t.
      const n = g.maskWords[p];
      const o = accOff[p];
      for (let i = 0; i < n; i++) scratch[o + i] = log.pool[log.offset[s] + i];
      let sPos = log.positive[s];
      if (!termSubset(sPos === 1, scratch, o, t.positive, t.set, 0, n)) {
        for (let i = 0; i < s; i++) {
          if (log.pkg[i] !== p) continue;
          sPos = intersectInto(scratch, o, n, sPos, log.pool, log.offset[i], log.positive[i]);
          if (termSubset(sPos === 1, scratch, o, t.positive, t.set, 0, n)) {
            if (i > previous) previous = i;
            break;
          }
        }
      }
      const previousLevel = previous >= 0 ? log.level[previous] : 0;
      const satisfierCause = log.cause[s];
      if (satisfierCause === null || previousLevel !== log.level[s]) {
        if (inc !== conflict) {
          lists.add(inc);
          stats.learned++;
        }
        if (ps.level() - previousLevel > 1) stats.backjumps++;
        ps.backtrack(previousLevel);
        return { learned: inc };
      }
      const merged = new Map<number, Term>();
      const add = (x: Term) => {
        const had = merged.get(x.pkg);
        merged.set(x.pkg, had === undefined ? x : intersect(had, x));
      };
      for (const x of inc.terms) if (x.pkg !== p) add(x);
      for (const x of satisfierCause.terms) if (x.pkg !== p) add(x);
      const satTerm: Term = { pkg: p, positive: log.positive[s] === 1, set: log.pool.slice(log.offset[s], log.offset[s] + n) };
      if (!termSubset(satTerm.positive, satTerm.set, 0, t.positive, t.set, 0, n)) add(negate(intersect(satTerm, negate(t))));
      const terms = [...merged.values()].filter((x) => x.positive || x.set.some((w) => w !== 0));
      inc = { id: lists.nextId(), terms, cause: { kind: "derived", left: inc, right: satisfierCause } };
    }
  }
}

/** The empty incompatibility, or one that only says "the root": no resolution exists. */
function isFailure(inc: Incompatibility): boolean {
  return inc.terms.length === 0 || (inc.terms.length === 1 && inc.terms[0].positive && inc.terms[0].pkg === ROOT);
}

/** scratch[so..so+n) := scratch ∩ (pos, words[off..]); returns the new positivity. */
function intersectInto(scratch: Uint32Array, so: number, n: number, sPos: number, words: Uint32Array, off: number, pos: number): number {
  if (sPos === 1) {
    if (pos === 1) for (let i = 0; i < n; i++) scratch[so + i] &= words[off + i];
    else for (let i = 0; i < n; i++) scratch[so + i] &= ~words[off + i];
    return 1;
  }
  if (pos === 1) {
    for (let i = 0; i < n; i++) scratch[so + i] = words[off + i] & ~scratch[so + i];
    return 1;
  }
  for (let i = 0; i < n; i++) scratch[so + i] |= words[off + i];
  return 0;
}
