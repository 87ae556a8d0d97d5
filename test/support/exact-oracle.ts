/**
 * Brute force for the exact search's tests, independent of the code under test: random scores
 * and random state-dependent rules on a random universe, a reference judge of those rules, random
 * states reached by pins, and every stack below a state by enumeration.
 */
import fc from "fast-check";
import { forEachStack } from "../../core/count/enumerate-stacks.js";
import type { CompiledGraph } from "../../core/graph/index.js";
import { mulberry32 } from "../../core/random/index.js";
import { randomUniverse, type UniverseOptions } from "../../core/resolver/index.js";
import type { StackJudgement, StatePredicate } from "../../core/stack-rules/index.js";
import { buildGraph } from "../../core/graph/index.js";
import { type State, createState, nextAllowed, nextUnresolved, pin, PIN_OK, propagateUnits, undoTo } from "../../core/state/index.js";

/**
 * Small random universes with optional dependencies (edges from some versions only), shared
 * dependencies, extras, cycles and some missing or excluded versions: small enough to enumerate.
 */
export const exactShape = fc.record({
  seed: fc.integer({ min: 0, max: 1 << 30 }),
  packages: fc.integer({ min: 3, max: 10 }),
  versions: fc.integer({ min: 1, max: 4 }),
  edgeProbability: fc.integer({ min: 10, max: 50 }).map((x) => x / 100),
  maskDensity: fc.integer({ min: 40, max: 100 }).map((x) => x / 100),
  extras: fc.integer({ min: 0, max: 2 }),
  rootRequirements: fc.integer({ min: 1, max: 3 }),
  cycles: fc.integer({ min: 0, max: 9 }).map((x) => x < 3),
  nonEmptyMasks: fc.integer({ min: 0, max: 9 }).map((x) => x < 7),
});
export type ExactShape = typeof exactShape extends fc.Arbitrary<infer T> ? T : never;

/** The universe of a shape with random scores in [-1, 1]. */
export function exactUniverse(o: ExactShape): CompiledGraph {
  const options: UniverseOptions = { ...o, exclusionProbability: 0.05, missingProbability: 0.02 };
  return withRandomScores(buildGraph(randomUniverse(o.seed, options)), o.seed);
}

/** The graph with a score per candidate uniform in [-1, 1] (extras and the root score 0, as a scores file gives them). */
export function withRandomScores(g: CompiledGraph, seed: number): CompiledGraph {
  const rnd = mulberry32(seed);
  const score = new Float64Array(g.candidateCount);
  for (let c = 0; c < g.candidateCount; c++) {
    const p = g.packageOf[c];
    const s = 2 * rnd() - 1;
    score[c] = p === 0 || g.baseOf[p] !== p ? 0 : s;
  }
  return { ...g, score };
}

/**
 * Random state predicates: each on some versions of one package, with 0 to 2 conditions on other
 * packages' versions, a score in [-1, 1] (or, one in `reject`, not acceptable), and one of two
 * groups or none.
 */
export function randomRules(g: CompiledGraph, seed: number, count: number, reject = 0.15): StatePredicate[] {
  const rnd = mulberry32(seed ^ 0x5bd1e995);
  const out: StatePredicate[] = [];
  const packages = Array.from({ length: g.packageCount - 1 }, (_, i) => i + 1).filter((p) => g.versionStart[p + 1] > g.versionStart[p]);
  if (packages.length === 0) return out;
  const pick = () => packages[Math.floor(rnd() * packages.length)];
  for (let i = 0; i < count; i++) {
    const p = pick();
    const candidates: number[] = [];
    for (let c = g.versionStart[p]; c < g.versionStart[p + 1]; c++) if (rnd() < 0.5) candidates.push(c);
    if (candidates.length === 0) candidates.push(g.versionStart[p]);
    const resolved: { package: number; mask: Uint32Array }[] = [];
    for (let r = Math.floor(rnd() * 3); r > 0; r--) {
      const q = pick();
      const mask = new Uint32Array(g.maskWords[q]);
      for (let v = 0; v < g.versionStart[q + 1] - g.versionStart[q]; v++) if (rnd() < 0.6) mask[v >>> 5] |= 1 << (v & 31);
      resolved.push({ package: q, mask });
    }
    const score = Math.round((2 * rnd() - 1) * 100) / 100;
    const group = rnd() < 0.3 ? "g0" : rnd() < 0.3 ? "g1" : undefined;
    out.push({
      unit: `rule${i}`,
      candidates: Int32Array.from(candidates),
      resolved,
      result: rnd() < reject ? { acceptable: false, reason: "random" } : { acceptable: true, score },
      ...(group !== undefined ? { group } : {}),
    });
  }
  return out;
}

/** The rules on a stack, written from their definition: in order, the first predicate of a group that applies fires. */
export function judgeOracle(g: CompiledGraph, predicates: readonly StatePredicate[], pins: Int32Array): StackJudgement {
  const fired = new Set<string>();
  let score = 0;
  for (const q of predicates) {
    if (q.group !== undefined && fired.has(q.group)) continue;
    const hit = [...q.candidates].some((c) => pins[g.packageOf[c]] === c - g.versionStart[g.packageOf[c]]);
    const holds = q.resolved.every((r) => pins[r.package] >= 0 && (r.mask[pins[r.package] >>> 5] & (1 << (pins[r.package] & 31))) !== 0);
    if (!hit || !holds) continue;
    if (q.group !== undefined) fired.add(q.group);
    if (!q.result.acceptable) return { accepted: false, unit: q.unit, reason: q.result.reason, package: g.packageOf[q.candidates[0]] };
    score += q.result.score;
  }
  return { accepted: true, score };
}

/** Every stack as (pins copy, static score). */
export function allStacks(g: CompiledGraph): { pins: Int32Array; score: number }[] {
  const out: { pins: Int32Array; score: number }[] = [];
  forEachStack(g, (pins, score) => { out.push({ pins: pins.slice(), score }); });
  return out;
}

/** Whether a stack lies below a state: it holds every pin of the state. */
export function isBelow(state: State, pins: Int32Array): boolean {
  for (let p = 0; p < pins.length; p++) if (state.pins[p] >= 0 && pins[p] !== state.pins[p]) return false;
  return true;
}

/**
 * A state reached from the root by up to `depth` random pins (a required unresolved package, an
 * allowed version), unit propagation after each; stops before a dead end. Null when the root
 * itself is a dead end.
 */
export function randomState(g: CompiledGraph, seed: number, depth: number): State | null {
  const s = createState(g);
  if (s.deadEnd >= 0 || propagateUnits(s) !== PIN_OK) return null;
  const rnd = mulberry32(seed);
  for (let d = 0; d < depth; d++) {
    const open: number[] = [];
    for (let p = nextUnresolved(s, 0); p >= 0; p = nextUnresolved(s, p + 1)) open.push(p);
    if (open.length === 0) break;
    const p = open[Math.floor(rnd() * open.length)];
    const versions: number[] = [];
    for (let v = nextAllowed(s, p, 0); v >= 0; v = nextAllowed(s, p, v + 1)) versions.push(v);
    const v = versions[Math.floor(rnd() * versions.length)];
    const mark = s.depth;
    if (pin(s, p, v) !== PIN_OK || propagateUnits(s) !== PIN_OK) {
      undoTo(s, mark);
      break;
    }
  }
  return s;
}
