import { type CompiledGraph, Exclusion, ROOT } from "../graph/compiled-graph.js";
import type { RolloutPolicy } from "../rollout/rollout-policy.js";
import type { InformedValues } from "./informed-values.js";

/** A stack moves start from: its reward, pins and path (candidates in pin order, as a rollout result gives them). */
export interface MoveBase {
  readonly score: number;
  readonly pins: Int32Array;
  readonly path: Int32Array;
}

/** One move: apply `prefix`, then complete by `policy`. */
export interface Move {
  readonly prefix: Int32Array;
  readonly policy: RolloutPolicy;
}

/**
 * Informed local moves from a stack (glossary: local move). A move changes one installed package q
 * to another version v: the prefix pins the chain of dependents through which the stack requires q
 * (root first), then (q, v); the rest is completed by the keep policy, a softmax over the informed
 * values with a large bonus on the stack's own versions, so every other package keeps its version
 * where it is still allowed and otherwise takes a well-scored one (an informed repair, where the
 * `prefer` policy would repair uniformly). The keep policy is one object per base stack, so a
 * batch of moves shares it on the wire.
 *
 * q is drawn with weight 1/4 + its informed shortfall (0 at its package's best version, 1 at the
 * worst); v by a softmax over the informed values at `temperature` among the versions the chain
 * allows whose own dependencies accept the chain's pins; three moves in four keep to the versions
 * every installed dependent of q accepts (they cannot conflict with a dependent pinned later).
 * Two moves in five also re-choose one installed dependency t of the new version (pinned after
 * it, by a softmax at `repairTemperature` among the versions its other dependents accept): a
 * newer package that needs a newer dependency, an older one that lets a better dependency in,
 * which the keep policy alone would not do (it keeps t's version while that is still allowed).
 */
export interface InformedMoves {
  setBase(base: MoveBase): void;
  /** No base: move gives null until the next setBase. */
  clear(): void;
  base(): MoveBase | null;
  /** A move from the base, or null when no package of it can move (or there is no base). */
  move(random: () => number): Move | null;
}

/** The bonus of a base stack's own versions in the keep policy, in units of package spread: never outweighed at any sane temperature. */
const KEEP_BONUS = 1000;
/** Share of moves that also re-choose one installed dependency of the moved package's new version. */
const PAIR_SHARE = 0.4;

/** The first index whose cumulative weight reaches x. */
function pickIndex(cumulative: Float64Array, x: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createInformedMoves(graph: CompiledGraph, informed: InformedValues, options: { readonly temperature: number; readonly repairTemperature: number }): InformedMoves {
  const g = graph;
  const P = g.packageCount;
  const wordsOffset = new Int32Array(P + 1);
  for (let p = 0; p < P; p++) wordsOffset[p + 1] = wordsOffset[p] + g.maskWords[p];
  /** Per package: the versions every installed dependent of the base accepts (its initial domain narrowed by their edges). */
  const accepted = new Uint32Array(wordsOffset[P]);
  const scratch = new Uint32Array(Math.max(1, ...Array.from(g.maskWords)));
  const parent = new Int32Array(P);
  /** Per package: its version in the move's prefix so far, or -1. */
  const fixed = new Int32Array(P).fill(-1);
  const chain: number[] = [];
  const weights: number[] = [];
  const movable: number[] = [];
  let cumulative = new Float64Array(0);
  let current: MoveBase | null = null;
  let keep: RolloutPolicy | null = null;

  const usableCount = (p: number): number => {
    let n = 0;
    for (let c = g.versionStart[p]; c < g.versionStart[p + 1]; c++) if (g.exclusion[c] === Exclusion.None) n++;
    return n;
  };
  const usable = Int32Array.from({ length: P }, (_, p) => usableCount(p));

  /** scratch &= the masks of candidate c's edges to q. */
  const narrowByEdges = (c: number, q: number): void => {
    for (let e = g.edgeStart[c]; e < g.edgeStart[c + 1]; e++) {
      if (g.edgeTarget[e] !== q) continue;
      for (let w = 0; w < g.maskWords[q]; w++) scratch[w] &= g.masks[g.edgeMask[e] + w];
    }
  };
  /** Whether version v of q is in scratch, not `not`, and its edges accept every version fixed in the prefix. */
  const ok = (q: number, v: number, not: number): boolean => {
    if (v === not || (scratch[v >>> 5] & (1 << (v & 31))) === 0) return false;
    const c = g.versionStart[q] + v;
    for (let e = g.edgeStart[c]; e < g.edgeStart[c + 1]; e++) {
      const f = fixed[g.edgeTarget[e]];
      if (f >= 0 && (g.masks[g.edgeMask[e] + (f >>> 5)] & (1 << (f & 31))) === 0) return false;
    }
    return true;
  };
  /** A version of q among those `ok`, by softmax over the informed values at `temperature`; -1 when none. */
  const pickVersion = (q: number, not: number, temperature: number, random: () => number): number => {
    const base = g.versionStart[q];
    const count = g.versionStart[q + 1] - base;
    let max = -Infinity;
    for (let v = 0; v < count; v++) if (ok(q, v, not)) max = Math.max(max, informed.values[base + v]);
    if (max === -Infinity) return -1;
    let sum = 0;
    for (let v = 0; v < count; v++) if (ok(q, v, not)) sum += Math.exp((informed.values[base + v] - max) / temperature);
    let x = random() * sum;
    let last = -1;
    for (let v = 0; v < count; v++) {
      if (!ok(q, v, not)) continue;
      last = v;
      x -= Math.exp((informed.values[base + v] - max) / temperature);
      if (x <= 0) return v;
    }
    return last;
  };

  return {
    base: () => current,
    clear() {
      current = null;
      keep = null;
    },
    setBase(base) {
      current = base;
      const pins = base.pins;
      parent.fill(-1);
      for (let p = 0; p < P; p++) accepted.set(g.masks.subarray(g.domainMask[p], g.domainMask[p] + g.maskWords[p]), wordsOffset[p]);
      // The first candidate in pin order with an edge to q made q required: q's parent.
      for (let i = 0; i < base.path.length; i++) {
        const c = base.path[i];
        const from = g.packageOf[c];
        for (let e = g.edgeStart[c]; e < g.edgeStart[c + 1]; e++) {
          const q = g.edgeTarget[e];
          if (parent[q] < 0 && q !== ROOT && q !== from) parent[q] = from;
          for (let w = 0; w < g.maskWords[q]; w++) accepted[wordsOffset[q] + w] &= g.masks[g.edgeMask[e] + w];
        }
      }
      movable.length = 0;
      weights.length = 0;
      for (let p = 0; p < P; p++) {
        if (p === ROOT || pins[p] < 0 || usable[p] < 2 || parent[p] < 0) continue;
        movable.push(p);
        weights.push(0.25 - informed.values[g.versionStart[p] + pins[p]]);
      }
      cumulative = new Float64Array(weights.length);
      let sum = 0;
      for (let i = 0; i < weights.length; i++) cumulative[i] = sum += weights[i];
      const values = Float64Array.from(informed.values);
      for (let p = 0; p < P; p++) if (pins[p] >= 0) values[g.versionStart[p] + pins[p]] += KEEP_BONUS;
      keep = { kind: "softmax", values, temperature: options.repairTemperature };
    },
    move(random) {
      if (current === null || keep === null || movable.length === 0) return null;
      const pins = current.pins;
      for (let attempt = 0; attempt < 8; attempt++) {
        const q = movable[pickIndex(cumulative, random() * cumulative[cumulative.length - 1])];
        chain.length = 0;
        for (let p = parent[q]; p >= 0; p = p === ROOT ? -1 : parent[p]) {
          chain.push(p);
          if (chain.length > P) throw new Error("bug: a cycle in the parents of a stack");
        }
        chain.reverse();
        if (chain[0] !== ROOT) continue;
        for (const p of chain) fixed[p] = pins[p];
        // Versions of q the chain allows, and (three moves in four) that every installed dependent accepts.
        const words = g.maskWords[q];
        const compatible = random() < 0.75;
        for (let w = 0; w < words; w++) scratch[w] = compatible ? accepted[wordsOffset[q] + w] : g.masks[g.domainMask[q] + w];
        if (!compatible) for (const p of chain) narrowByEdges(g.versionStart[p] + pins[p], q);
        const v = pickVersion(q, pins[q], options.temperature, random);
        let pair = -1;
        let pairVersion = -1;
        if (v >= 0 && random() < PAIR_SHARE) {
          // Re-choose one installed dependency of the new version too, within what its other dependents accept.
          fixed[q] = v;
          const c = g.versionStart[q] + v;
          let n = 0;
          for (let e = g.edgeStart[c]; e < g.edgeStart[c + 1]; e++) {
            const t = g.edgeTarget[e];
            if (pins[t] >= 0 && fixed[t] < 0 && usable[t] >= 2 && random() * ++n < 1) pair = t;
          }
          if (pair >= 0) {
            for (let w = 0; w < g.maskWords[pair]; w++) scratch[w] = g.masks[g.domainMask[pair] + w];
            narrowByEdges(c, pair);
            for (let i = 0; i < current.path.length; i++) if (g.packageOf[current.path[i]] !== q) narrowByEdges(current.path[i], pair);
            pairVersion = pickVersion(pair, -1, options.repairTemperature, random);
          }
        }
        for (const p of chain) fixed[p] = -1;
        fixed[q] = -1;
        if (v < 0) continue;
        const paired = pairVersion >= 0;
        const prefix = new Int32Array(2 * chain.length + (paired ? 4 : 2));
        chain.forEach((p, i) => { prefix[2 * i] = p; prefix[2 * i + 1] = pins[p]; });
        prefix[2 * chain.length] = q;
        prefix[2 * chain.length + 1] = v;
        if (paired) {
          prefix[2 * chain.length + 2] = pair;
          prefix[2 * chain.length + 3] = pairVersion;
        }
        return { prefix, policy: keep };
      }
      return null;
    },
  };
}
