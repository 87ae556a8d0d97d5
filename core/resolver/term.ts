/**
 * A PubGrub term over one package's versions: `positive` means "p is installed at a version in
 * set"; negative means "p is not installed, or installed outside set". Sets are bitsets over the
 * package's version indices (bit i = version index i, 0 = newest) with no bits beyond its count.
 */
export interface Term {
  readonly pkg: number;
  readonly positive: boolean;
  readonly set: Uint32Array;
}

export function term(pkg: number, positive: boolean, set: Uint32Array): Term {
  return { pkg, positive, set };
}

export function negate(t: Term): Term {
  return { pkg: t.pkg, positive: !t.positive, set: t.set };
}

/** The term satisfied exactly when both are (same package). */
export function intersect(a: Term, b: Term): Term {
  const n = a.set.length;
  const out = new Uint32Array(n);
  if (a.positive && b.positive) for (let i = 0; i < n; i++) out[i] = a.set[i] & b.set[i];
  else if (a.positive) for (let i = 0; i < n; i++) out[i] = a.set[i] & ~b.set[i];
  else if (b.positive) for (let i = 0; i < n; i++) out[i] = b.set[i] & ~a.set[i];
  else for (let i = 0; i < n; i++) out[i] = a.set[i] | b.set[i];
  return { pkg: a.pkg, positive: a.positive || b.positive, set: out };
}

/** Whether a term whose set is at words[off..off+n) is empty ("never true"): only positive terms can be. */
export function isEmptySet(words: Uint32Array, off: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (words[off + i] !== 0) return false;
  return true;
}

/** s ⊆ t for the sets of two positive or negative terms: s = (sPos, S at sw[so..]), t = (tPos, T). */
export function termSubset(sPos: boolean, sw: Uint32Array, so: number, tPos: boolean, tw: Uint32Array, to: number, n: number): boolean {
  if (sPos && tPos) {
    for (let i = 0; i < n; i++) if ((sw[so + i] & ~tw[to + i]) !== 0) return false;
    return true;
  }
  if (sPos) {
    for (let i = 0; i < n; i++) if ((sw[so + i] & tw[to + i]) !== 0) return false;
    return true;
  }
  if (tPos) return false;
  for (let i = 0; i < n; i++) if ((tw[to + i] & ~sw[so + i]) !== 0) return false;
  return true;
}

/** s ∩ t = ∅ for two terms (same encoding as termSubset). */
export function termDisjoint(sPos: boolean, sw: Uint32Array, so: number, tPos: boolean, tw: Uint32Array, to: number, n: number): boolean {
  if (sPos && tPos) {
    for (let i = 0; i < n; i++) if ((sw[so + i] & tw[to + i]) !== 0) return false;
    return true;
  }
  if (sPos) {
    for (let i = 0; i < n; i++) if ((sw[so + i] & ~tw[to + i]) !== 0) return false;
    return true;
  }
  if (tPos) {
    for (let i = 0; i < n; i++) if ((tw[to + i] & ~sw[so + i]) !== 0) return false;
    return true;
  }
  return false;
}
