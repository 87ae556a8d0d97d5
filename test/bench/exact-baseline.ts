/**
 * The exact search as it was before the DAG relaxation (commit 9da9386), kept for the exact
 * benchmark only, to compare both in one run: the tree relaxation (each package has at most one
 * tree parent, every other edge dropped, a package that several may depend on counted on its own
 * when positive) and branching on the required package that most packages may depend on.
 * Not used by Maat.
 */
import type { CompiledGraph } from "../../core/graph/index.js";
import { type ExactOptions, type ExactResult, type ExactStats, stackScore } from "../../core/exact/index.js";
import { createTopK } from "../../core/predictor/index.js";
import { highestScoreFirst, solve } from "../../core/resolver/index.js";
import { PIN_OK, type State, createState, isAllowed, nextAllowed, nextUnresolved, pin, popcount, propagateUnits, undoTo } from "../../core/state/index.js";
/** An admissible upper bound on the best stack below a state (see createTreeBound). */
interface TreeBound {
  /** The bound, or -Infinity when no stack lies below the state (a required package cannot be satisfied). */
  bound(state: State): number;
  /** After `bound`: how many distinct packages that may be installed may depend on q (0 outside). */
  inDegree(q: number): number;
}

/**
 * The bound of a tree relaxation, solved exactly by dynamic programming.
 *
 * The packages installed for sure are the required unresolved ones and, to a fixpoint, what every
 * allowed version of one of them depends on; below, "required" means installed for sure. The
 * packages that may still be installed ("reach") are those and what allowed versions of packages
 * in reach depend on. Each gets at most one tree parent: a required
 * package gets the first required package before it that may depend on it; a package that is not
 * required and that only one package in reach may depend on ("exclusive") gets that package; the
 * others are roots. Every dependency edge off the tree is dropped (a relaxation). Then, children
 * first, f(x, w) = score(x, w) + per tree child r: the best f(r, u) over u in w's edge mask when w
 * depends on r, else the best f(r, ·) when r is required, else 0 (an exclusive r is then not
 * installed, nor its subtree), and -Infinity when an edge of (x, w) allows no version of its
 * target that is still allowed (forward checking). The bound is the score so far plus, per root, its best f (required)
 * or max(0, best f). Every stack below the state is a solution of the relaxation with the same
 * score, so the bound is admissible.
 */
function createTreeBound(graph: CompiledGraph): TreeBound {
  const g = graph;
  const P = g.packageCount;
  const reach = new Int32Array(P);
  const position = new Int32Array(P);
  const inReach = new Int32Array(P);
  const parentEpoch = new Int32Array(P);
  const firstParent = new Int32Array(P);
  const lastParent = new Int32Array(P);
  const multi = new Uint8Array(P);
  const degree = new Int32Array(P);
  const treeParent = new Int32Array(P);
  const childHead = new Int32Array(P);
  const childNext = new Int32Array(P);
  const f = new Float64Array(g.candidateCount);
  /** Per package: its allowed versions by descending f, in sorted[versionStart[p] ..), `allowedCount[p]` of them. */
  const sorted = new Int32Array(g.candidateCount);
  const allowedCount = new Int32Array(P);
  const fMax = new Float64Array(P);
  const size = new Int32Array(P);
  const sure = new Int32Array(P);
  const queue = new Int32Array(P);
  let epoch = 0;

  const bestIn = (r: number, m: number): number => {
    const start = g.versionStart[r];
    for (let i = start, end = start + allowedCount[r]; i < end; i++) {
      const u = sorted[i];
      if ((g.masks[m + (u >>> 5)] & (1 << (u & 31))) !== 0) return f[start + u];
    }
    return -Infinity;
  };

  const bound = (st: State): number => {
    epoch++;
    let n = 0;
    // Installed for sure: the required unresolved packages and, to a fixpoint, what every allowed
    // version of one of them depends on.
    let m = 0;
    for (let p = nextUnresolved(st, 0); p >= 0; p = nextUnresolved(st, p + 1)) {
      sure[p] = epoch;
      queue[m++] = p;
    }
    for (let h = 0; h < m; h++) {
      const a = queue[h];
      const start = g.versionStart[a];
      const first = nextAllowed(st, a, 0);
      if (first < 0) continue;
      for (let e = g.edgeStart[start + first], end = g.edgeStart[start + first + 1]; e < end; e++) {
        const q = g.edgeTarget[e];
        if (sure[q] === epoch || st.pins[q] >= 0) continue;
        let all = true;
        for (let v = nextAllowed(st, a, first + 1); v >= 0 && all; v = nextAllowed(st, a, v + 1)) {
          let f2 = g.edgeStart[start + v];
          const end2 = g.edgeStart[start + v + 1];
          while (f2 < end2 && g.edgeTarget[f2] !== q) f2++;
          all = f2 < end2;
        }
        if (all) {
          sure[q] = epoch;
          queue[m++] = q;
        }
      }
    }
    for (let h = 0; h < m; h++) {
      const p = queue[h];
      inReach[p] = epoch;
      size[p] = popcount(st, p);
      // Required packages by ascending number of allowed versions: the first required parent of
      // a required package (its tree parent) is then its most determined one.
      let i = n++;
      while (i > 0 && size[reach[i - 1]] > size[p]) reach[i] = reach[--i];
      reach[i] = p;
    }
    for (let h = 0; h < n; h++) position[reach[h]] = h;
    for (let h = 0; h < n; h++) {
      const a = reach[h];
      const start = g.versionStart[a];
      for (let v = nextAllowed(st, a, 0); v >= 0; v = nextAllowed(st, a, v + 1)) {
        for (let e = g.edgeStart[start + v], end = g.edgeStart[start + v + 1]; e < end; e++) {
          const q = g.edgeTarget[e];
          if (st.pins[q] >= 0 || q === a) continue;
          if (parentEpoch[q] !== epoch) {
            parentEpoch[q] = epoch;
            firstParent[q] = a;
            lastParent[q] = a;
            multi[q] = 0;
            degree[q] = 1;
            treeParent[q] = -1;
          } else if (lastParent[q] !== a) {
            multi[q] = 1;
            degree[q]++;
            lastParent[q] = a;
          }
          if (inReach[q] !== epoch) {
            inReach[q] = epoch;
            position[q] = n;
            reach[n++] = q;
          }
          // A required q: its first required parent placed before it (no cycles).
          if (sure[q] === epoch && treeParent[q] < 0 && sure[a] === epoch && position[a] < position[q]) treeParent[q] = a;
        }
      }
    }
    for (let h = 0; h < n; h++) childHead[reach[h]] = -1;
    for (let h = n - 1; h >= 0; h--) {
      const q = reach[h];
      let parent = -1;
      if (parentEpoch[q] === epoch) {
        if (sure[q] === epoch) parent = treeParent[q];
        else if (multi[q] === 0) parent = firstParent[q];
      } else treeParent[q] = -1;
      treeParent[q] = parent;
      if (parent >= 0) {
        childNext[q] = childHead[parent];
        childHead[parent] = q;
      }
    }
    // Children first: every tree parent is placed before its children in reach.
    let b = st.score;
    for (let h = n - 1; h >= 0; h--) {
      const x = reach[h];
      const start = g.versionStart[x];
      let count = 0;
      let best = -Infinity;
      for (let w = nextAllowed(st, x, 0); w >= 0; w = nextAllowed(st, x, w + 1)) {
        const c = start + w;
        let value = g.score[c];
        // Forward checking: every dependency of (x, w) must keep an allowed version.
        for (let e = g.edgeStart[c], end = g.edgeStart[c + 1]; e < end; e++) {
          const q = g.edgeTarget[e];
          const m = g.edgeMask[e];
          const o = st.domainOffset[q];
          let any = 0;
          for (let k = 0, words = g.maskWords[q]; k < words; k++) any |= st.domain[o + k] & g.masks[m + k];
          if (any === 0) { value = -Infinity; break; }
        }
        for (let r = childHead[x]; r >= 0 && value > -Infinity; r = childNext[r]) {
          let e = g.edgeStart[c];
          const end = g.edgeStart[c + 1];
          while (e < end && g.edgeTarget[e] !== r) e++;
          if (e < end) value += bestIn(r, g.edgeMask[e]);
          else if (sure[r] === epoch) value += fMax[r];
        }
        f[c] = value;
        if (value > -Infinity) sorted[start + count++] = w;
        if (value > best) best = value;
      }
      allowedCount[x] = count;
      if (count > 1) insertionSortByF(start, count);
      fMax[x] = best;
      if (treeParent[x] < 0) {
        if (sure[x] === epoch) {
          if (best === -Infinity) return -Infinity;
          b += best;
        } else if (best > 0) b += best;
      }
    }
    return b;
  };

  const insertionSortByF = (start: number, count: number): void => {
    for (let i = start + 1; i < start + count; i++) {
      const u = sorted[i];
      const fu = f[start + u];
      let j = i - 1;
      while (j >= start && f[start + sorted[j]] < fu) {
        sorted[j + 1] = sorted[j];
        j--;
      }
      sorted[j + 1] = u;
    }
  };

  return {
    bound,
    inDegree: (q) => (parentEpoch[q] === epoch && inReach[q] === epoch ? degree[q] : 0),
  };
}

/**
 * Branch and bound for the maximum-score stacks, depth first. At each node unit propagation
 * narrows the state and the bound is the tree relaxation of createTreeBound (admissible). It
 * branches on the required unresolved package that most packages may depend on (then the fewest
 * allowed versions), children in order of their own bound, and cuts a subtree whose bound does
 * not beat the K-th best stack found, so at the end the top K are proven. It starts from the
 * given incumbents and the resolver's highest-score-first stack. A node is one pin tried
 * (children are pinned once to compute their bound).
 */
export function baselineBranchAndBound(graph: CompiledGraph, options: ExactOptions = {}): ExactResult {
  const g = graph;
  const P = g.packageCount;
  const K = Math.max(1, options.topK ?? 1);
  const maxNodes = options.maxNodes ?? Infinity;
  let told = false;
  /** The node budget is spent, or the caller said stop (asked every 1,024 nodes; sticky once true). */
  const outOfNodes = () => {
    if (!told && options.shouldStop !== undefined && (stats.nodes & 1023) === 0) told = options.shouldStop();
    return told || stats.nodes >= maxNodes;
  };
  const top = createTopK(K);
  const stats: ExactStats = { nodes: 0, pruned: 0, deadEnds: 0, stacks: 0 };
  const s = createState(g);

  // Per package, version indices by descending score (ties: newest first).
  const byScore = new Int32Array(g.candidateCount);
  for (let p = 0; p < P; p++) {
    const start = g.versionStart[p];
    const n = g.versionStart[p + 1] - start;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => g.score[start + b] - g.score[start + a] || a - b);
    for (let i = 0; i < n; i++) byScore[start + i] = order[i];
  }
  const tree = createTreeBound(g);
  const bound = tree.bound;
  const threshold = (): number => {
    const t = top.top();
    if (t.length < K) return -Infinity;
    const kth = t[K - 1].score;
    return kth + 1e-9 * (1 + Math.abs(kth));
  };

  // For the proven bound at a limit: the open levels of the depth-first search.
  const levels: { bound: number; kids: { v: number; b: number }[]; next: number }[] = [];
  let aborted = false;

  const search = (): void => {
    const mark = s.depth;
    if (propagateUnits(s) !== PIN_OK) {
      stats.deadEnds++;
      undoTo(s, mark);
      return;
    }
    const b = bound(s);
    if (b === -Infinity) {
      stats.deadEnds++;
      undoTo(s, mark);
      return;
    }
    if (b <= threshold()) {
      stats.pruned++;
      undoTo(s, mark);
      return;
    }
    // Branch on the required unresolved package that the most packages that may be installed
    // depend on (a shared dependency splits the rest), then the fewest allowed versions.
    let p = -1;
    let most = -1;
    let fewest = Infinity;
    for (let q = nextUnresolved(s, 0); q >= 0; q = nextUnresolved(s, q + 1)) {
      const d = tree.inDegree(q);
      const n = popcount(s, q);
      if (d > most || (d === most && n < fewest)) { most = d; fewest = n; p = q; }
    }
    if (p < 0) {
      stats.stacks++;
      top.offerStack(s.score, s.pins);
      undoTo(s, mark);
      return;
    }
    // Children in order of their own bound (after the pin and unit propagation), best first;
    // dead children and those that cannot beat the K-th best are dropped now.
    const kids: { v: number; b: number }[] = [];
    const start = g.versionStart[p];
    for (let i = start, end = g.versionStart[p + 1]; i < end; i++) {
      const v = byScore[i];
      if (!isAllowed(s, p, v)) continue;
      if (outOfNodes()) { aborted = true; levels.push({ bound: b, kids: [{ v, b }], next: 0 }); return; }
      stats.nodes++;
      const m = s.depth;
      const cb = pin(s, p, v) === PIN_OK && propagateUnits(s) === PIN_OK ? bound(s) : -Infinity;
      undoTo(s, m);
      if (cb === -Infinity) stats.deadEnds++;
      else if (cb <= threshold()) stats.pruned++;
      else kids.push({ v, b: cb });
    }
    kids.sort((x, y) => y.b - x.b);
    const level = { bound: b, kids, next: 0 };
    levels.push(level);
    for (; level.next < kids.length; level.next++) {
      if (kids[level.next].b <= threshold()) { stats.pruned += kids.length - level.next; break; }
      if (outOfNodes()) { aborted = true; return; }
      const m = s.depth;
      pin(s, p, kids[level.next].v);
      search();
      if (aborted) { level.next++; return; }
      undoTo(s, m);
    }
    levels.pop();
    undoTo(s, mark);
  };

  // Starting incumbents: a good one early lets the bound cut from the first node.
  const starts: Int32Array[] = [...(options.incumbents ?? [])];
  if (options.greedyStart ?? true) {
    const r = solve(g, { preference: highestScoreFirst, maxConflicts: 10_000 });
    if (r.status === "resolved") starts.push(r.pins);
  }
  for (const pins of starts) {
    const score = stackScore(g, pins);
    if (score !== null) top.offerStack(score, pins);
  }
  if (s.deadEnd < 0) search();
  const t = top.top();
  if (!aborted) return { status: "optimal", optimum: t[0] ?? null, top: t, stats };
  // Unexplored: at each active level, its children from `next` on, sorted by their bounds.
  let upper = t.length > 0 ? t[0].score : -Infinity;
  for (const level of levels) if (level.next < level.kids.length) upper = Math.max(upper, level.kids[level.next].b);
  const incumbent = t[0] ?? null;
  return { status: "limit", incumbent, top: t, upperBound: upper, gap: incumbent === null ? Infinity : upper - incumbent.score, stats };
}
