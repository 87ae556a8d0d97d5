import { type CompiledGraph, ROOT } from "../graph/compiled-graph.js";
import { type Derivation, derivationOf } from "./derivation.js";
import { explain } from "./explain.js";
import { type Incompatibility, graphIncompatibilities } from "./incompatibility.js";
import { createPackageOrder } from "./package-order.js";
import { type VersionPreference, newestFirst } from "./preference.js";
import { type Term, intersect, negate, termDisjoint, termSubset } from "./term.js";

export interface SolveOptions {
  /** Which version to try first (default: newest first, as pip). */
  readonly preference?: VersionPreference;
  /** Stop with status "limit" after this many conflicts (default: no limit). */
  readonly maxConflicts?: number;
}

export interface SolveStats {
  /** Versions chosen (the root counts). */
  decisions: number;
  /** Incompatibilities found satisfied by the partial solution. */
  conflicts: number;
  /** Backtracks that undid more than one decision level. */
  backjumps: number;
  /** Terms derived by unit propagation. */
  propagations: number;
  /** Incompatibilities learned by conflict resolution. */
  learned: number;
}

export type SolveResult =
  | { readonly status: "resolved"; readonly satisfiable: true; readonly pins: Int32Array; readonly stats: SolveStats }
  | {
      readonly status: "unsatisfiable";
      readonly satisfiable: false;
      /** Human text in the style of PubGrub/uv. */
      readonly explanation: string;
      readonly derivation: Derivation;
      readonly stats: SolveStats;
    }
  | { readonly status: "limit"; readonly satisfiable: undefined; readonly limit: "conflicts"; readonly stats: SolveStats };

const NONE = -2;
const CONFLICT = -1;
const FAILED = -3;
const LIMIT = -4;

/**
 * The complete resolver: PubGrub (version solving with conflict-driven clause learning, see
 * core/resolver/README.md) over a compiled graph. `pins` has one entry per package: the chosen
 * version index, or -1 when the package is not installed; pins[ROOT] is 0. Deterministic.
 */
export function solve(graph: CompiledGraph, options: SolveOptions = {}): SolveResult {
  const g = graph;
  const P = g.packageCount;
  const preference = options.preference ?? newestFirst;
  const maxConflicts = options.maxConflicts ?? Infinity;
  const stats: SolveStats = { decisions: 0, conflicts: 0, backjumps: 0, propagations: 0, learned: 0 };
  const stated = graphIncompatibilities(g);
  let ids = stated.idCount;
  const nextId = () => ids++;
  const depAdded = new Uint8Array(stated.dependencies.length);

  // Accumulated term per package (intersection of its assignments); no assignment = Neg(∅) = anything.
  const accOff = new Int32Array(P + 1);
  for (let p = 0; p < P; p++) accOff[p + 1] = accOff[p] + g.maskWords[p];
  const acc = new Uint32Array(accOff[P]);
  const accPos = new Uint8Array(P);
  const decided = new Int32Array(P).fill(-1);

  // Assignments, in order; term sets in a growable pool.
  let aPkg = new Int32Array(256);
  let aPos = new Uint8Array(256);
  let aOff = new Int32Array(256);
  let aLevel = new Int32Array(256);
  const aCause: (Incompatibility | null)[] = [];
  let aCount = 0;
  let pool = new Uint32Array(1024);
  let poolLength = 0;
  let level = 0;

  const incompatsOf: Incompatibility[][] = Array.from({ length: P }, () => []);
  const addIncompat = (inc: Incompatibility) => {
    for (const t of inc.terms) incompatsOf[t.pkg].push(inc);
  };
  // The root and the exclusions are in force from the start; a candidate's dependencies are added
  // when it is first chosen (as PubGrub does), which keeps the per-package lists short.
  for (const inc of stated.base) addIncompat(inc);

  // pip's package preference (package-order.ts, README.md).
  const order = createPackageOrder(g);
  const isOpen = (p: number) => accPos[p] === 1 && decided[p] < 0;

  const queue = new Int32Array(P + 1);
  const inQueue = new Uint8Array(P);
  const touched = new Uint8Array(P);
  let failure: Incompatibility | null = null;

  function applyToAcc(p: number, pos: number, words: Uint32Array, off: number): void {
    const o = accOff[p];
    const n = g.maskWords[p];
    if (accPos[p] === 1) {
      if (pos === 1) for (let i = 0; i < n; i++) acc[o + i] &= words[off + i];
      else for (let i = 0; i < n; i++) acc[o + i] &= ~words[off + i];
    } else if (pos === 1) {
      for (let i = 0; i < n; i++) acc[o + i] = words[off + i] & ~acc[o + i];
      accPos[p] = 1;
    } else {
      for (let i = 0; i < n; i++) acc[o + i] |= words[off + i];
    }
  }

  function assign(p: number, positive: boolean, words: Uint32Array, off: number, cause: Incompatibility | null): void {
    const n = g.maskWords[p];
    if (aCount === aPkg.length) {
      aPkg = grow(aPkg);
      aPos = growBytes(aPos);
      aOff = grow(aOff);
      aLevel = grow(aLevel);
    }
    while (poolLength + n > pool.length) {
      const bigger = new Uint32Array(pool.length * 2);
      bigger.set(pool);
      pool = bigger;
    }
    const o = poolLength;
    for (let i = 0; i < n; i++) pool[o + i] = words[off + i];
    poolLength += n;
    aPkg[aCount] = p;
    aPos[aCount] = positive ? 1 : 0;
    aOff[aCount] = o;
    aLevel[aCount] = level;
    aCause[aCount] = cause;
    aCount++;
    applyToAcc(p, positive ? 1 : 0, words, off);
  }

  const single = new Uint32Array(Math.max(1, ...g.maskWords));
  function decide(p: number, v: number): void {
    level++;
    single.fill(0);
    single[v >>> 5] = 1 << (v & 31);
    assign(p, true, single, 0, null);
    decided[p] = v;
    stats.decisions++;
    const c = g.versionStart[p] + v;
    for (let k = stated.start[c]; k < stated.start[c + 1]; k++) {
      const d = stated.byCandidate[k];
      if (depAdded[d] === 0) {
        depAdded[d] = 1;
        addIncompat(stated.dependencies[d]);
      }
    }
  }

  function backtrack(to: number): void {
    let keep = aCount;
    while (keep > 0 && aLevel[keep - 1] > to) keep--;
    for (let i = keep; i < aCount; i++) {
      const p = aPkg[i];
      touched[p] = 1;
      if (aCause[i] === null) decided[p] = -1;
    }
    for (let i = keep; i < aCount; i++) {
      const p = aPkg[i];
      if (touched[p] === 1) {
        acc.fill(0, accOff[p], accOff[p + 1]);
        accPos[p] = 0;
        touched[p] = 2;
      }
    }
    for (let i = 0; i < keep; i++) if (touched[aPkg[i]] === 2) applyToAcc(aPkg[i], aPos[i], pool, aOff[i]);
    for (let i = keep; i < aCount; i++) touched[aPkg[i]] = 0;
    aCause.length = keep;
    aCount = keep;
    poolLength = keep > 0 ? aOff[keep - 1] + g.maskWords[aPkg[keep - 1]] : 0;
    level = to;
  }

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
    assign(t.pkg, !t.positive, t.set, 0, inc);
    stats.propagations++;
    return t.pkg;
  }

  function propagate(start: number): number {
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
      const list = incompatsOf[p];
      for (let i = list.length - 1; i >= 0; i--) {
        const inc = list[i];
        const r = propagateIncompat(inc);
        if (r === NONE) continue;
        if (r !== CONFLICT) {
          push(r);
          continue;
        }
        stats.conflicts++;
        if (stats.conflicts > maxConflicts) return LIMIT;
        const cause = resolveConflict(inc);
        if (cause === null) return FAILED;
        while (head !== tail) {
          inQueue[queue[head]] = 0;
          head = head === P ? 0 : head + 1;
        }
        const q = propagateIncompat(cause);
        if (q < 0) throw new Error("solve: a learned incompatibility did not propagate (bug)");
        push(q);
        break;
      }
    }
    return NONE;
  }

  function isFailure(inc: Incompatibility): boolean {
    return inc.terms.length === 0 || (inc.terms.length === 1 && inc.terms[0].positive && inc.terms[0].pkg === ROOT);
  }

  // Scratch for conflict resolution: a term per package (set in scratch, positivity in scratchPos).
  const scratch = new Uint32Array(accOff[P]);
  const scratchPos = new Uint8Array(P);
  const termOf = new Int32Array(P).fill(-1);
  let satIdx = new Int32Array(16);

  /** Earliest assignment index at which the partial solution satisfies each term (-1: before any), in satIdx. */
  function satisfierIndices(inc: Incompatibility): void {
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
    for (let i = 0; i < aCount && left > 0; i++) {
      const p = aPkg[i];
      const k = termOf[p];
      if (k < 0 || satIdx[k] !== -2) continue;
      const t = terms[k];
      scratchPos[p] = intersectInto(scratch, accOff[p], g.maskWords[p], scratchPos[p], pool, aOff[i], aPos[i]);
      if (termSubset(scratchPos[p] === 1, scratch, accOff[p], t.positive, t.set, 0, t.set.length)) {
        satIdx[k] = i;
        left--;
      }
    }
    for (const t of terms) termOf[t.pkg] = -1;
    if (left > 0) throw new Error("solve: conflict resolution on an unsatisfied incompatibility (bug)");
  }

  function resolveConflict(conflict: Incompatibility): Incompatibility | null {
    let inc = conflict;
    for (;;) {
      if (isFailure(inc)) {
        failure = inc;
        return null;
      }
      satisfierIndices(inc);
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
      for (let i = 0; i < n; i++) scratch[o + i] = pool[aOff[s] + i];
      let sPos = aPos[s];
      if (!termSubset(sPos === 1, scratch, o, t.positive, t.set, 0, n)) {
        for (let i = 0; i < s; i++) {
          if (aPkg[i] !== p) continue;
          sPos = intersectInto(scratch, o, n, sPos, pool, aOff[i], aPos[i]);
          if (termSubset(sPos === 1, scratch, o, t.positive, t.set, 0, n)) {
            if (i > previous) previous = i;
            break;
          }
        }
      }
      const previousLevel = previous >= 0 ? aLevel[previous] : 0;
      const satisfierCause = aCause[s];
      if (satisfierCause === null || previousLevel !== aLevel[s]) {
        if (inc !== conflict) {
          addIncompat(inc);
          stats.learned++;
        }
        if (level - previousLevel > 1) stats.backjumps++;
        backtrack(previousLevel);
        return inc;
      }
      const merged = new Map<number, Term>();
      const add = (x: Term) => {
        const had = merged.get(x.pkg);
        merged.set(x.pkg, had === undefined ? x : intersect(had, x));
      };
      for (const x of inc.terms) if (x.pkg !== p) add(x);
      for (const x of satisfierCause.terms) if (x.pkg !== p) add(x);
      const satTerm: Term = { pkg: p, positive: aPos[s] === 1, set: pool.slice(aOff[s], aOff[s] + n) };
      if (!termSubset(satTerm.positive, satTerm.set, 0, t.positive, t.set, 0, n)) add(negate(intersect(satTerm, negate(t))));
      const terms = [...merged.values()].filter((x) => x.positive || x.set.some((w) => w !== 0));
      inc = { id: nextId(), terms, cause: { kind: "derived", left: inc, right: satisfierCause } };
    }
  }

  function choose(): number {
    const best = order.next(decided, isOpen);
    if (best < 0) return -1;
    const v = preference.choose(g, best, acc, accOff[best]);
    if (v < 0 || (acc[accOff[best] + (v >>> 5)] & (1 << (v & 31))) === 0) {
      const set = acc.slice(accOff[best], accOff[best + 1]);
      addIncompat({ id: nextId(), terms: [{ pkg: best, positive: true, set }], cause: { kind: "no-versions", spec: null } });
      return best;
    }
    decide(best, v);
    return best;
  }

  let next = ROOT;
  for (;;) {
    const r = propagate(next);
    if (r === FAILED) {
      const root = failure as unknown as Incompatibility;
      // Built on first read: callers that only need the answer do not pay for the text.
      let text: string | undefined;
      let tree: Derivation | undefined;
      return {
        status: "unsatisfiable",
        satisfiable: false,
        get explanation() {
          return (text ??= explain(g, root));
        },
        get derivation() {
          return (tree ??= derivationOf(g, root));
        },
        stats,
      };
    }
    if (r === LIMIT) return { status: "limit", satisfiable: undefined, limit: "conflicts", stats };
    next = choose();
    if (next < 0) break;
  }
  return { status: "resolved", satisfiable: true, pins: decided.slice(), stats };
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

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

function growBytes(a: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(a.length * 2);
  b.set(a);
  return b;
}
