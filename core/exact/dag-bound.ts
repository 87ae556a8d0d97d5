import type { CompiledGraph } from "../graph/compiled-graph.js";
import { type State, nextAllowed, nextUnresolved } from "../state/state.js";

/** An admissible upper bound on the best stack below a state, and the relaxed solution behind it (see createDagBound). */
export interface DagBound {
  /** The bound, or -Infinity when no stack lies below the state (a package installed for sure cannot be satisfied). */
  bound(state: State): number;
  /**
   * Per package, its multiplier mu (>= 0, Infinity allowed; initially Infinity): the most of a not
   * sure package's value that one package depending on it may take. Any values >= 0 keep the bound
   * admissible; they only change how tight it is (see tuneMultipliers).
   */
  readonly multipliers: Float64Array;
  /** After a finite `bound`: the packages whose multiplier the bound used (in reach, not sure, not loose, several packages may depend on them), written into `out`; returns how many. */
  tunable(out: Int32Array): number;
  /** After a finite `bound`: the best f of a package in reach (what it adds at best with what it brings). */
  best(p: number): number;
  /**
   * After a finite `bound`: the relaxation's solution, written into `choice` (per package in
   * reach the version index it installs, -1 for none; other entries are left as they are). Its
   * value is at most the bound; it may break dropped edges.
   */
  choose(choice: Int32Array): void;
  /**
   * After `choose`: where the relaxation counts most beyond what its solution is worth (a package
   * that is not sure, counted at the top or by several packages that depend on it), the package
   * to branch on: of the packages that depend on it in the solution (or may, when none does), the
   * one whose `branchOf` (a required unresolved package, -1 for none) has the fewest allowed
   * versions (`size`). -1 when the relaxation counts nothing extra or no package qualifies.
   */
  excessBranch(branchOf: (p: number) => number, size: (p: number) => number): number;
  /**
   * After `choose`: a package to branch on to decide whether and how q is installed: q itself
   * when `branchOf` names a package for it, else one found through the packages that depend on
   * it in the solution or may (see excessBranch); -1 when none qualifies.
   */
  branchUp(q: number, branchOf: (p: number) => number, size: (p: number) => number): number;
  /** After `bound`: how many distinct packages in reach may depend on q (0 outside reach). */
  inDegree(q: number): number;
}

/**
 * The bound of a DAG relaxation, solved exactly by dynamic programming (docs/glossary.md: DAG
 * relaxation).
 *
 * Packages installed for sure ("sure") are the required unresolved ones and, to a fixpoint, what
 * every allowed version of a sure package depends on; "reach" is those and what allowed versions of
 * packages in reach depend on (pinned packages left out); m(q) is the number of packages in reach
 * that may depend on q. Reach is ordered topologically over "may depend on" (Kahn; a cycle is
 * broken at its first package in reach); a package that is not sure and that a package placed
 * after it (or itself) may depend on is "loose". A sure package's tree parent is the first sure
 * package placed before it that may depend on it. Then, children first,
 *
 *   f(x, w) = score(x, w) + Σ over the distinct unpinned packages q that (x, w) depends on:
 *     q sure, tree parent x:        max f(q, u) over u allowed by the edge
 *     q sure, other tree parent:    0 (counted at its tree parent or at the top)
 *     q not sure, not loose:        ψq(max f(q, u) over u allowed by the edge)
 *     q loose:                      0 (counted at the top)
 *   + Σ over sure q with tree parent x that (x, w) does not depend on: max f(q, ·),
 *
 * with ψq(v) = min(v, mu(q)) for v >= 0 and v / m(q) for v < 0 (mu(q) taken as Infinity when m(q) = 1), and f(x, w) = -Infinity when an
 * edge of (x, w) allows no version of its target that is still allowed (forward checking). The
 * bound is the score so far + Σ max f of the sure packages without a tree parent + Σ max(0, max
 * f) of the loose packages + Σ max(0, max f(q, ·) - mu(q)) of the others ("top terms").
 *
 * With `credit` (per candidate, >= 0, e.g. what rules may add to a stack holding it; read at each
 * `bound`), score(x, w) is the static score plus the credit: the bound then covers the static
 * score plus the credits of the candidates a stack holds.
 *
 * Admissible for every mu >= 0: in a stack S below the state, a package q that is not sure and
 * not loose is installed only when k >= 1 installed packages depend on it, all placed before it
 * and k <= m(q). Let W be what S gets from q and what it brings (each such package's value split
 * evenly among the k that depend on it); by induction in reverse order W <= f(q, S[q]) =: v, and
 * then top term + k ψq(v) >= max(0, v - mu) + min(v, mu) = v >= W for v >= 0, and
 * k v / m >= v >= W for v < 0. A sure package is installed in S and counted once; a loose one
 * at most max(0, max f). Forward checking removes only what no stack below the state can use.
 */
export function createDagBound(graph: CompiledGraph, credit?: Float64Array): DagBound {
  const g = graph;
  const P = g.packageCount;
  const reach = new Int32Array(P);
  const order = new Int32Array(P);
  const position = new Int32Array(P);
  const placed = new Int32Array(P);
  const inReach = new Int32Array(P);
  const parentEpoch = new Int32Array(P);
  const degree = new Int32Array(P);
  const pending = new Int32Array(P);
  const pairBegin = new Int32Array(P + 1);
  const pairTo = new Int32Array(g.edgeTarget.length + 1);
  /** Per package in reach: its reach index (where its pairs start in pairBegin). */
  const pairBeginOf = new Int32Array(P);
  const seen = new Int32Array(P);
  const loose = new Int32Array(P);
  const treeParent = new Int32Array(P);
  const childHead = new Int32Array(P);
  const childNext = new Int32Array(P);
  const sure = new Int32Array(P);
  const queue = new Int32Array(P);
  const f = new Float64Array(g.candidateCount);
  /** Per mask of the pool: the last `bestIn` over it (epoch, target package, value); masks are shared, so the target is checked. */
  const memoEpoch = new Int32Array(g.masks.length);
  const memoTarget = new Int32Array(g.masks.length);
  const memoValue = new Float64Array(g.masks.length);
  /** The state of the last `bound`. */
  let current: State | null = null;
  const fMax = new Float64Array(P);
  // For `choose`: per package, the versions every demanding package allows so far.
  const maskOffset = new Int32Array(P + 1);
  for (let p = 0; p < P; p++) maskOffset[p + 1] = maskOffset[p] + g.maskWords[p];
  const demand = new Uint32Array(maskOffset[P]);
  const demandEpoch = new Int32Array(P);
  const firstMask = new Int32Array(P);
  const demandTaken = new Float64Array(P);
  const demandHead = new Int32Array(P);
  const demandFrom = new Int32Array(g.edgeTarget.length + 1);
  const demandNext = new Int32Array(g.edgeTarget.length + 1);
  const excess = new Float64Array(P);
  const tried = new Int32Array(P);
  const climbed = new Int32Array(P);
  let climbs = 0;
  let demands = 0;
  /** The Lagrange multipliers: per package, the most of its value one demanding package may take (Infinity: all of it). */
  const mu = new Float64Array(P).fill(Infinity);
  let epoch = 0;
  let stamp = 0;
  let n = 0;

  /** The multiplier in effect: a package only one package may depend on is counted there in full (exact, whatever mu). */
  const capOf = (q: number): number => (degree[q] === 1 ? Infinity : mu[q]);

  /** The version of r with the best f among those allowed at the state and in `pool`'s bitset at m (ties: newer first); -1 if none. */
  const argIn = (r: number, pool: Uint32Array, m: number): number => {
    const state = current as State;
    const o = state.domainOffset[r];
    const start = g.versionStart[r];
    let best = -Infinity;
    let arg = -1;
    for (let w = 0, words = g.maskWords[r]; w < words; w++) {
      let bits = state.domain[o + w] & pool[m + w];
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const v = (w << 5) + 31 - Math.clz32(low);
        if (f[start + v] > best) {
          best = f[start + v];
          arg = v;
        }
      }
    }
    return arg;
  };

  /** The best f of r over its versions allowed at the state and by the mask at m of the pool (-Infinity if none). */
  const bestIn = (r: number, m: number): number => {
    if (memoEpoch[m] === epoch && memoTarget[m] === r) return memoValue[m];
    const v = argIn(r, g.masks, m);
    const value = v < 0 ? -Infinity : f[g.versionStart[r] + v];
    memoEpoch[m] = epoch;
    memoTarget[m] = r;
    memoValue[m] = value;
    return value;
  };

  const bound = (st: State): number => {
    current = st;
    epoch++;
    // Installed for sure: the required unresolved packages and, to a fixpoint, what every allowed
    // version of one of them depends on.
    n = 0;
    for (let p = nextUnresolved(st, 0); p >= 0; p = nextUnresolved(st, p + 1)) {
      sure[p] = epoch;
      reach[n++] = p;
    }
    for (let h = 0; h < n; h++) {
      const a = reach[h];
      const start = g.versionStart[a];
      const first = nextAllowed(st, a, 0);
      if (first < 0) return -Infinity;
      for (let e = g.edgeStart[start + first], end = g.edgeStart[start + first + 1]; e < end; e++) {
        const q = g.edgeTarget[e];
        if (sure[q] === epoch || st.pins[q] >= 0) continue;
        let all = true;
        for (let v = nextAllowed(st, a, first + 1); v >= 0 && all; v = nextAllowed(st, a, v + 1)) {
          let e2 = g.edgeStart[start + v];
          const end2 = g.edgeStart[start + v + 1];
          while (e2 < end2 && g.edgeTarget[e2] !== q) e2++;
          all = e2 < end2;
        }
        if (all) {
          sure[q] = epoch;
          reach[n++] = q;
        }
      }
    }
    for (let h = 0; h < n; h++) inReach[reach[h]] = epoch;
    // Reach, with the distinct packages each one may depend on (pairs) and how many may depend on each.
    let pairs = 0;
    for (let h = 0; h < n; h++) {
      const a = reach[h];
      const start = g.versionStart[a];
      pairBegin[h] = pairs;
      stamp++;
      for (let v = nextAllowed(st, a, 0); v >= 0; v = nextAllowed(st, a, v + 1)) {
        for (let e = g.edgeStart[start + v], end = g.edgeStart[start + v + 1]; e < end; e++) {
          const q = g.edgeTarget[e];
          if (st.pins[q] >= 0 || q === a || seen[q] === stamp) continue;
          seen[q] = stamp;
          pairTo[pairs++] = q;
          if (parentEpoch[q] !== epoch) {
            parentEpoch[q] = epoch;
            degree[q] = 1;
          } else degree[q]++;
          if (inReach[q] !== epoch) {
            inReach[q] = epoch;
            reach[n++] = q;
          }
        }
      }
    }
    pairBegin[n] = pairs;
    // Topological order (Kahn); a cycle is broken at its first package in reach.
    for (let h = 0; h < n; h++) {
      const q = reach[h];
      position[q] = h; // its reach index until it is placed, then its place in the order
      pending[q] = parentEpoch[q] === epoch ? degree[q] : 0;
      treeParent[q] = -1;
      childHead[q] = -1;
    }
    let head = 0;
    let tail = 0;
    let placedCount = 0;
    let scan = 0;
    for (let h = 0; h < n; h++) if (pending[reach[h]] === 0) queue[tail++] = reach[h];
    while (placedCount < n) {
      if (head === tail) {
        while (placed[reach[scan]] === epoch) scan++;
        queue[tail++] = reach[scan];
        pending[reach[scan]] = 0;
      }
      const x = queue[head++];
      if (placed[x] === epoch) continue;
      placed[x] = epoch;
      const h = position[x];
      order[placedCount] = x;
      position[x] = placedCount++;
      for (let i = pairBegin[h], end = pairBegin[h + 1]; i < end; i++) {
        const q = pairTo[i];
        if (placed[q] !== epoch && --pending[q] === 0) queue[tail++] = q;
      }
      pairBeginOf[x] = h;
    }
    // Tree parents of sure packages, loose packages (not sure, a package after them may depend on them).
    for (let k = 0; k < n; k++) {
      const x = order[k];
      const h = pairBeginOf[x];
      for (let i = pairBegin[h], end = pairBegin[h + 1]; i < end; i++) {
        const q = pairTo[i];
        if (sure[q] === epoch) {
          if (treeParent[q] < 0 && sure[x] === epoch && position[x] < position[q]) {
            treeParent[q] = x;
            childNext[q] = childHead[x];
            childHead[x] = q;
          }
        } else if (position[x] >= position[q]) loose[q] = epoch;
      }
    }
    // Children first.
    let b = st.score;
    for (let k = n - 1; k >= 0; k--) {
      const x = order[k];
      const start = g.versionStart[x];
      let sureChildren = 0;
      for (let r = childHead[x]; r >= 0; r = childNext[r]) sureChildren += fMax[r];
      let best = -Infinity;
      for (let w = nextAllowed(st, x, 0); w >= 0; w = nextAllowed(st, x, w + 1)) {
        const c = start + w;
        let value = credit === undefined ? g.score[c] : g.score[c] + credit[c];
        let extra = sureChildren;
        stamp++;
        for (let e = g.edgeStart[c], end = g.edgeStart[c + 1]; e < end; e++) {
          const q = g.edgeTarget[e];
          const m = g.edgeMask[e];
          // Forward checking: every dependency of (x, w) must keep an allowed version.
          const o = st.domainOffset[q];
          let any = 0;
          for (let i = 0, words = g.maskWords[q]; i < words; i++) any |= st.domain[o + i] & g.masks[m + i];
          if (any === 0) { value = -Infinity; break; }
          if (st.pins[q] >= 0 || q === x || seen[q] === stamp) continue;
          seen[q] = stamp;
          if (sure[q] === epoch) {
            if (treeParent[q] === x) {
              extra -= fMax[q];
              value += bestIn(q, m);
            }
          } else if (loose[q] !== epoch) {
            const v = bestIn(q, m);
            value += v >= 0 ? Math.min(v, capOf(q)) : v / degree[q];
          }
          if (value === -Infinity) break;
        }
        if (value > -Infinity) value += extra;
        f[c] = value;
        if (value > best) best = value;
      }
      fMax[x] = best;
      if (sure[x] === epoch) {
        if (best === -Infinity) return -Infinity;
        if (treeParent[x] < 0) b += best;
      } else if (loose[x] === epoch) {
        if (best > 0) b += best;
      } else if (best > capOf(x)) b += best - capOf(x);
    }
    return b;
  };

  const choose = (choice: Int32Array): void => {
    demands = 0;
    for (let k = 0; k < n; k++) {
      const x = order[k];
      const start = g.versionStart[x];
      const best = argIn(x, (current as State).domain, (current as State).domainOffset[x]);
      let v = -1;
      if (sure[x] === epoch) {
        v = best;
        const t = treeParent[x];
        if (t >= 0 && choice[t] >= 0) {
          const c = g.versionStart[t] + choice[t];
          for (let e = g.edgeStart[c], end = g.edgeStart[c + 1]; e < end; e++) {
            if (g.edgeTarget[e] === x) { v = argIn(x, g.masks, g.edgeMask[e]); break; }
          }
        }
      } else if (loose[x] === epoch) {
        if (fMax[x] > 0) v = best;
      } else {
        // Its share of the bound: the top term, plus what each demanding package took, less what it is worth once.
        let counted = fMax[x] > capOf(x) ? fMax[x] - capOf(x) : 0;
        if (demandEpoch[x] === epoch) {
          v = argIn(x, demand, maskOffset[x]);
          if (v < 0) v = argIn(x, g.masks, firstMask[x]);
          counted += demandTaken[x] - (v >= 0 ? f[start + v] : 0);
        } else demandHead[x] = -1;
        excess[x] = counted;
      }
      choice[x] = v;
      if (v < 0) continue;
      const c = start + v;
      stamp++;
      for (let e = g.edgeStart[c], end = g.edgeStart[c + 1]; e < end; e++) {
        const q = g.edgeTarget[e];
        if (inReach[q] !== epoch || sure[q] === epoch || loose[q] === epoch || seen[q] === stamp || q === x) continue;
        seen[q] = stamp;
        const m = g.edgeMask[e];
        const o = maskOffset[q];
        const taken = bestIn(q, m);
        if (demandEpoch[q] !== epoch) {
          demandEpoch[q] = epoch;
          firstMask[q] = m;
          demandTaken[q] = 0;
          demandHead[q] = -1;
          for (let i = 0, words = g.maskWords[q]; i < words; i++) demand[o + i] = g.masks[m + i];
        } else {
          for (let i = 0, words = g.maskWords[q]; i < words; i++) demand[o + i] &= g.masks[m + i];
        }
        demandTaken[q] += taken >= 0 ? Math.min(taken, capOf(q)) : taken / degree[q];
        demandFrom[demands] = x;
        demandNext[demands] = demandHead[q];
        demandHead[q] = demands++;
      }
    }
  };

  /**
   * A package to branch on to decide about q: of the packages that demand q in the solution (or,
   * when none does, that may depend on it, climbing up through those the solution does not
   * install), the one whose `branchOf` has the fewest allowed versions; -1 when none qualifies.
   */
  const branchUp = (q: number, branchOf: (p: number) => number, size: (p: number) => number): number => {
    let branch = -1;
    let fewest = Infinity;
    const consider = (a: number): void => {
      const b = branchOf(a);
      if (b < 0) return;
      const z = size(b);
      if (z < fewest) { fewest = z; branch = b; }
    };
    consider(q);
    if (demandEpoch[q] === epoch) for (let d = demandHead[q]; d >= 0; d = demandNext[d]) consider(demandFrom[d]);
    let head = 0;
    let tail = 0;
    const climb = ++climbs;
    climbed[q] = climb;
    queue[tail++] = q;
    while (branch < 0 && head < tail) {
      const t = queue[head++];
      for (let k = 0; k < n; k++) {
        const a = order[k];
        if (climbed[a] === climb) continue;
        const h = pairBeginOf[a];
        for (let i = pairBegin[h], end = pairBegin[h + 1]; i < end; i++) {
          if (pairTo[i] !== t) continue;
          climbed[a] = climb;
          consider(a);
          queue[tail++] = a;
          break;
        }
      }
    }
    return branch;
  };

  const excessBranch = (branchOf: (p: number) => number, size: (p: number) => number): number => {
    // The packages counted beyond their worth, most first (a few tries: one of them usually has a package to branch on).
    for (let tries = 0; tries < 4; tries++) {
      let q = -1;
      let most = 1e-9;
      for (let k = 0; k < n; k++) {
        const x = order[k];
        if (sure[x] === epoch || loose[x] === epoch || tried[x] === epoch) continue;
        if (excess[x] > most) { most = excess[x]; q = x; }
      }
      if (q < 0) return -1;
      tried[q] = epoch;
      const branch = branchUp(q, branchOf, size);
      if (branch >= 0) return branch;
    }
    return -1;
  };

  const tunable = (out: Int32Array): number => {
    let count = 0;
    for (let k = 0; k < n; k++) {
      const q = order[k];
      if (sure[q] !== epoch && loose[q] !== epoch && degree[q] > 1) out[count++] = q;
    }
    return count;
  };

  return {
    bound,
    multipliers: mu,
    tunable,
    best: (p) => fMax[p],
    choose,
    excessBranch,
    branchUp,
    inDegree: (q) => (parentEpoch[q] === epoch && inReach[q] === epoch ? degree[q] : 0),
  };
}
