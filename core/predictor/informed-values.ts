import { type CompiledGraph, Exclusion, ROOT } from "../graph/compiled-graph.js";

/**
 * What the compiled graph knows about each candidate before any rollout, on each package's own
 * scale (glossary: informed values). A candidate's lookahead is its static score plus, per
 * dependency, what choosing it implies: for a package every stack installs anyway, the loss of
 * restricting it (its best lookahead within the edge's versions minus its best overall); for any
 * other package, its best lookahead within the edge's versions (choosing the candidate installs it;
 * under random scores a version that pulls in well-scored packages is worth more, under recency a
 * version that pins an old dependency is worth less). Dependency cycles are cut; a package required
 * through several dependents counts in each (a heuristic, not a bound).
 *
 * The informed value of a candidate is (lookahead - best) / spread over its package's usable
 * candidates: 0 for the package's best, -1 for its worst; a package whose candidates all look the
 * same is 0 throughout. A softmax over these values at temperature τ weighs the versions of every
 * package by τ of that package's own spread, so recency's steps of 1/(n - 1) count as much as a
 * random score's or an advisory's -0.2.
 */
export interface InformedValues {
  /** Per candidate: in [-1, 0]; excluded candidates and candidates with an unsatisfiable dependency -1. */
  readonly values: Float64Array;
  /** Per package: max - min of its usable candidates' lookahead (0: flat or none usable). */
  readonly spread: Float64Array;
  /** Per candidate: the lookahead (-Infinity: excluded, or a dependency allows no usable version). */
  readonly lookahead: Float64Array;
}

export function informedValues(graph: CompiledGraph): InformedValues {
  const g = graph;
  const lookahead = lookaheadScores(g);
  const values = new Float64Array(g.candidateCount).fill(-1);
  const spread = new Float64Array(g.packageCount);
  for (let p = 0; p < g.packageCount; p++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let c = g.versionStart[p]; c < g.versionStart[p + 1]; c++) {
      if (lookahead[c] === -Infinity) continue;
      lo = Math.min(lo, lookahead[c]);
      hi = Math.max(hi, lookahead[c]);
    }
    if (hi < lo) continue;
    spread[p] = hi - lo;
    for (let c = g.versionStart[p]; c < g.versionStart[p + 1]; c++) {
      if (lookahead[c] !== -Infinity) values[c] = hi > lo ? (lookahead[c] - hi) / (hi - lo) : 0;
    }
  }
  return { values, spread, lookahead };
}

/** Per candidate: the lookahead of informedValues (children first, memoized, cycles cut). */
function lookaheadScores(g: CompiledGraph): Float64Array {
  const P = g.packageCount;
  const sure = surePackages(g);
  const h = new Float64Array(g.candidateCount);
  const done = new Uint8Array(g.candidateCount);
  const onPath = new Uint8Array(P);
  const bestOf = new Float64Array(P).fill(NaN);
  const bestIn = (q: number, mask: number): number => {
    let best = -Infinity;
    for (let u = 0, n = g.versionStart[q + 1] - g.versionStart[q]; u < n; u++) {
      if ((g.masks[mask + (u >>> 5)] & (1 << (u & 31))) === 0) continue;
      const x = visit(g.versionStart[q] + u);
      if (x > best) best = x;
    }
    return best;
  };
  const visit = (c: number): number => {
    if (done[c]) return h[c];
    const p = g.packageOf[c];
    if (g.exclusion[c] !== Exclusion.None) {
      done[c] = 1;
      return (h[c] = -Infinity);
    }
    onPath[p] = 1;
    let total = g.score[c];
    for (let e = g.edgeStart[c]; e < g.edgeStart[c + 1] && total > -Infinity; e++) {
      const q = g.edgeTarget[e];
      if (onPath[q]) continue;
      const best = bestIn(q, g.edgeMask[e]);
      if (!sure[q]) total += best;
      else {
        if (Number.isNaN(bestOf[q])) bestOf[q] = bestIn(q, g.domainMask[q]);
        total += best === -Infinity ? -Infinity : best - bestOf[q];
      }
    }
    onPath[p] = 0;
    done[c] = 1;
    return (h[c] = total);
  };
  for (let c = 0; c < g.candidateCount; c++) visit(c);
  return h;
}

/** Packages every stack installs: the root, and to a fixpoint what every usable version of such a package depends on. */
function surePackages(g: CompiledGraph): Uint8Array {
  const P = g.packageCount;
  const sure = new Uint8Array(P);
  const queue: number[] = [ROOT];
  sure[ROOT] = 1;
  const counts = new Int32Array(P);
  while (queue.length > 0) {
    const p = queue.pop() as number;
    let usable = 0;
    counts.fill(0);
    for (let c = g.versionStart[p]; c < g.versionStart[p + 1]; c++) {
      if (g.exclusion[c] !== Exclusion.None) continue;
      usable++;
      for (let e = g.edgeStart[c]; e < g.edgeStart[c + 1]; e++) {
        const q = g.edgeTarget[e];
        // Count each target once per candidate.
        let seen = false;
        for (let f = g.edgeStart[c]; f < e && !seen; f++) seen = g.edgeTarget[f] === q;
        if (!seen) counts[q]++;
      }
    }
    for (let q = 0; q < P; q++) {
      if (!sure[q] && usable > 0 && counts[q] === usable) {
        sure[q] = 1;
        queue.push(q);
      }
    }
  }
  return sure;
}
