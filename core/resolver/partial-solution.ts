import type { Incompatibility } from "./incompatibility.js";
import type { SolverGraph } from "./solver-graph.js";

/**
 * The assignments of a partial solution, in order: the i-th one's package, sign, term set (in
 * `pool` at `offset[i]`, `graph.maskWords[pkg[i]]` words), decision level and cause (null for a
 * decision). The arrays are views: read them again after the next assignment (they grow).
 */
export interface AssignmentLog {
  readonly count: number;
  readonly pkg: Int32Array;
  readonly positive: Uint8Array;
  readonly offset: Int32Array;
  readonly level: Int32Array;
  readonly cause: readonly (Incompatibility | null)[];
  readonly pool: Uint32Array;
}

/**
 * PubGrub's partial solution (core/resolver/README.md): the assignments so far and, per package,
 * their accumulated term (the intersection of its assignments). `acc[accOff[p] .. accOff[p+1])`
 * holds p's set, `accPos[p]` its sign (1: "installed in the set"; 0: "not installed or outside
 * it"; a package without assignments is Neg(∅), anything). Typed arrays only; assigning copies the
 * set into a growable pool and allocates nothing else once the arrays have grown. The four
 * per-package arrays are replaced when the graph grows (`grow`): read them again after a growth.
 */
export interface PartialSolution {
  readonly acc: Uint32Array;
  readonly accOff: Int32Array;
  readonly accPos: Uint8Array;
  /** The decided version index per package; -1: not decided. */
  readonly decided: Int32Array;
  /** Room for the graph's packages now (new ones have no assignment). */
  grow(): void;
  /** The current decision level (0: before any decision). */
  level(): number;
  /** A derived assignment at the current level: p's term (`positive`, `words[off ..]`), caused by `cause`. */
  derive(p: number, positive: boolean, words: Uint32Array, off: number, cause: Incompatibility): void;
  /** A decision: a new level on which p is installed at version index v. */
  decide(p: number, v: number): void;
  /** Undoes every assignment above level `to`; the accumulated terms of the packages it touched are replayed from the kept ones. */
  backtrack(to: number): void;
  /** The assignments, for conflict resolution. */
  log(): AssignmentLog;
}

export function createPartialSolution(g: SolverGraph): PartialSolution {
  let P = 0;
  let accOff = new Int32Array(1);
  let acc = new Uint32Array(0);
  let accPos = new Uint8Array(0);
  let decided = new Int32Array(0);
  let single = new Uint32Array(1);
  let touched = new Uint8Array(0);
  let pkg = new Int32Array(256);
  let positive = new Uint8Array(256);
  let offset = new Int32Array(256);
  let levels = new Int32Array(256);
  const cause: (Incompatibility | null)[] = [];
  let count = 0;
  let pool = new Uint32Array(1024);
  let poolLength = 0;
  let level = 0;

  /** acc[p] := acc[p] ∩ (pos, words[off ..]). */
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

  function assign(p: number, isPositive: boolean, words: Uint32Array, off: number, why: Incompatibility | null): void {
    const n = g.maskWords[p];
    if (count === pkg.length) {
      pkg = grow(pkg);
      positive = growBytes(positive);
      offset = grow(offset);
      levels = grow(levels);
    }
    while (poolLength + n > pool.length) {
      const bigger = new Uint32Array(pool.length * 2);
      bigger.set(pool);
      pool = bigger;
    }
    const o = poolLength;
    for (let i = 0; i < n; i++) pool[o + i] = words[off + i];
    poolLength += n;
    pkg[count] = p;
    positive[count] = isPositive ? 1 : 0;
    offset[count] = o;
    levels[count] = level;
    cause[count] = why;
    count++;
    applyToAcc(p, isPositive ? 1 : 0, words, off);
  }

  function growPackages(): void {
    const n = g.packageCount;
    if (n === P) return;
    const off = new Int32Array(n + 1);
    off.set(accOff);
    let widest = single.length;
    for (let p = P; p < n; p++) {
      off[p + 1] = off[p] + g.maskWords[p];
      if (g.maskWords[p] > widest) widest = g.maskWords[p];
    }
    const a = new Uint32Array(off[n]);
    a.set(acc);
    const pos = new Uint8Array(n);
    pos.set(accPos);
    const d = new Int32Array(n).fill(-1);
    d.set(decided);
    const t = new Uint8Array(n);
    t.set(touched);
    accOff = off;
    acc = a;
    accPos = pos;
    decided = d;
    touched = t;
    if (widest > single.length) single = new Uint32Array(widest);
    P = n;
    self.acc = acc;
    self.accOff = accOff;
    self.accPos = accPos;
    self.decided = decided;
  }

  const self: { -readonly [K in keyof PartialSolution]: PartialSolution[K] } = {
    acc, accOff, accPos, decided,
    grow: growPackages,
    level: () => level,
    derive: assign,
    decide(p: number, v: number) {
      level++;
      single.fill(0);
      single[v >>> 5] = 1 << (v & 31);
      assign(p, true, single, 0, null);
      decided[p] = v;
    },
    backtrack(to: number) {
      let keep = count;
      while (keep > 0 && levels[keep - 1] > to) keep--;
      for (let i = keep; i < count; i++) {
        const p = pkg[i];
        touched[p] = 1;
        if (cause[i] === null) decided[p] = -1;
      }
      for (let i = keep; i < count; i++) {
        const p = pkg[i];
        if (touched[p] === 1) {
          acc.fill(0, accOff[p], accOff[p + 1]);
          accPos[p] = 0;
          touched[p] = 2;
        }
      }
      for (let i = 0; i < keep; i++) if (touched[pkg[i]] === 2) applyToAcc(pkg[i], positive[i], pool, offset[i]);
      for (let i = keep; i < count; i++) touched[pkg[i]] = 0;
      cause.length = keep;
      count = keep;
      poolLength = keep > 0 ? offset[keep - 1] + g.maskWords[pkg[keep - 1]] : 0;
      level = to;
    },
    log: () => ({ count, pkg, positive, offset, level: levels, cause, pool }),
  };
  growPackages();
  return self;
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
