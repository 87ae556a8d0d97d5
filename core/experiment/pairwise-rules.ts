import { ROOT, type CompiledGraph } from "../graph/index.js";
import { createStackRules, type StackRules, type StatePredicate } from "../stack-rules/index.js";
import { mulberry32 } from "../random/index.js";

export interface PairwiseOptions {
  /** Probability that a dependency edge gets a term (default 0.5). */
  readonly density?: number;
  /** Terms are uniform in [-scale, scale] (default 0.5). */
  readonly scale?: number;
  /** Probability that a version of the depended-on package is in a term's condition (default 0.5). */
  readonly versionShare?: number;
}

/**
 * Random pairwise terms between dependent packages, as stack rules (a non-additive stand-in for
 * Thoth's state-dependent prescriptions): for a share of the dependency edges of every candidate
 * (not the root's, not an extra's edge to its base), a term "this candidate with one of these
 * versions of the package it depends on" adds a score uniform in [-scale, scale]. Seeded; graph order.
 */
export function randomPairwiseRules(graph: CompiledGraph, seed: number, options: PairwiseOptions = {}): StackRules {
  const density = options.density ?? 0.5;
  const scale = options.scale ?? 0.5;
  const share = options.versionShare ?? 0.5;
  const rnd = mulberry32(seed ^ 0x7a1b5e3d);
  const g = graph;
  const predicates: StatePredicate[] = [];
  for (let c = g.versionStart[ROOT + 1]; c < g.candidateCount; c++) {
    const p = g.packageOf[c];
    for (let e = g.edgeStart[c]; e < g.edgeStart[c + 1]; e++) {
      const q = g.edgeTarget[e];
      if (g.baseOf[q] === g.baseOf[p] || rnd() >= density) continue;
      const mask = new Uint32Array(g.maskWords[q]);
      let any = false;
      for (let v = 0, n = g.versionStart[q + 1] - g.versionStart[q]; v < n; v++) {
        if (rnd() < share) {
          mask[v >>> 5] |= 1 << (v & 31);
          any = true;
        }
      }
      const score = (2 * rnd() - 1) * scale;
      if (!any) continue;
      predicates.push({ unit: "pairwise", candidates: Int32Array.of(c), resolved: [{ package: q, mask }], result: { acceptable: true, score } });
    }
  }
  return createStackRules(g, predicates);
}

/**
 * An admissible relaxation of stack rules for branch and bound: each candidate's score plus the
 * positive scores of the predicates that match it (a rule fires at most once per stack and only
 * with its candidate; rejections are ignored), so no stack scores more under the rules than under
 * these scores.
 */
export function relaxedScores(graph: CompiledGraph, rules: StackRules): Float64Array {
  const out = Float64Array.from(graph.score);
  for (const q of rules.predicates) {
    if (!q.result.acceptable || q.result.score <= 0) continue;
    for (const c of q.candidates) out[c] += q.result.score;
  }
  return out;
}
