import type { CompiledGraph } from "../graph/index.js";
import { ROOT } from "../graph/index.js";
import { mulberry32 } from "../random/index.js";
import { createStackRules, type CandidateStop, type StackRules } from "./stack-rules.js";
import type { StatePredicate } from "./state-predicate.js";

/**
 * Random stack rules over a graph, with everything the rules can hold: pair terms between a
 * candidate and versions of another package (dyadic scores, so sums are exact whatever their
 * order), rejections (1 in 8), groups (pairs of predicates sharing one), eager stops on a few
 * predicates and candidates, and optionally a boot stop. `scale` multiplies the scores (a weight).
 */
export function randomRules(g: CompiledGraph, seed: number, options: { readonly scale?: number; readonly bootStop?: boolean; readonly stops?: boolean } = {}): StackRules {
  const rnd = mulberry32(seed);
  const scale = options.scale ?? 1;
  const predicates: StatePredicate[] = [];
  for (let c = 0; c < g.candidateCount; c++) {
    if (g.packageOf[c] === ROOT || rnd() > 0.5) continue;
    const q = 1 + Math.floor(rnd() * (g.packageCount - 1));
    if (q === g.packageOf[c]) continue;
    const mask = new Uint32Array(g.maskWords[q]);
    for (let v = 0; v < g.versionStart[q + 1] - g.versionStart[q]; v++) if (rnd() < 0.6) mask[v >>> 5] |= 1 << (v & 31);
    const i = predicates.length;
    const stop = options.stops !== false && rnd() < 0.05;
    const result = rnd() < 0.125 ? { acceptable: false as const, reason: `no ${i}` }
      : { acceptable: true as const, score: (scale * Math.round((2 * rnd() - 1) * 64)) / 64, ...(stop ? { eagerStop: `enough ${i}` } : {}) };
    predicates.push({ unit: `pair-${i}`, candidates: Int32Array.of(c), resolved: [{ package: q, mask }], result, ...(rnd() < 0.3 ? { group: `g${i >> 1}` } : {}) });
  }
  const stops: CandidateStop[] = [];
  if (options.stops !== false) {
    for (let c = 0; c < g.candidateCount; c++) if (g.packageOf[c] !== ROOT && rnd() < 0.03) stops.push({ candidate: c, stop: { unit: `stop-${c}`, reason: `candidate ${c}` } });
  }
  return createStackRules(g, predicates, { stops, ...(options.bootStop === true ? { bootStop: { unit: "boot", reason: "at once" } } : {}) });
}
