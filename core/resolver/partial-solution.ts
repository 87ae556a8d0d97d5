import type { CompiledGraph } from "../graph/compiled-graph.js";
import type { Incompatibility } from "./incompatibility.js";

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
 * set into a growable pool and allocates nothing else once the arrays have grown.
 */
export interface PartialSolution {
  readonly acc: Uint32Array;
  readonly accOff: Int32Array;
  readonly accPos: Uint8Array;
  /** The decided version index per package; -1: not decided. */
  readonly decided: Int32Array;
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

export function createPartialSolution(g: CompiledGraph): PartialSolution {
  const P = g.packageCount;
  const accOff = new Int32Array(P + 1);
  for (let p = 0; p < P; p++) accOff[p + 1] = accOff[p] + g.maskWords[p];
  const acc = new Uint32Array(accOff[P]);
  const accPos = new Uint8Array(P);
  const decided = new Int32Array(P).fill(-1);
  const single = new Uint32Array(Math.max(1, ...g.maskWords));
  const touched = new Uint8Array(P);
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

  return {
    acc, accOff, accPos, decided,
    level: () => level,
    derive: assign,
    decide(p, v) {
      level++;
      single.fill(0);
      single[v >>> 5] = 1 << (v & 31);
      assign(p, true, single, 0, null);
      decided[p] = v;
    },
    backtrack(to) {
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
