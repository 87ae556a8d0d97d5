import type { CompiledGraph } from "../graph/compiled-graph.js";
import { PIN_OK, type State, createState, isAllowed, nextUnresolved, pin, popcount, reset, undoTo } from "../state/state.js";
import { deadEndReward } from "./dead-end-reward.js";
import type { RolloutPolicy } from "./rollout-policy.js";

/** `applyPins` result when a pin names a package that is not required, already pinned, or a version not allowed. */
export const PREFIX_INVALID = -2;

/**
 * The rollout kernel: the only code workers run. One state, reused; `complete` allocates nothing.
 *
 * ```ts
 * const k = createRolloutKernel(graph);
 * k.reset();
 * if (k.applyPins(prefix) === PIN_OK) {
 *   const reward = k.complete(policy, seed);   // the stack's score, or k.deadEndReward
 *   k.state.pins; k.state.deadEnd; k.state.depth; k.state.pinOrder;
 * }
 * ```
 */
export interface RolloutKernel {
  readonly graph: CompiledGraph;
  /** The kernel's state; read it after `complete`, change it only through the kernel. */
  readonly state: State;
  /** The reward of every dead end (see deadEndReward). */
  readonly deadEndReward: number;
  /** Back to the root state (nothing pinned, the root required). */
  reset(): void;
  /**
   * Pins `pins` (flattened (package, version index) pairs) in order. Returns PIN_OK, the package
   * that emptied (a dead end), or PREFIX_INVALID (the state is then unchanged past the last valid pin).
   */
  applyPins(pins: ArrayLike<number>): number;
  /** Completes the current state by `policy` with a seeded RNG. Returns the reward: the stack's score, or deadEndReward. */
  complete(policy: RolloutPolicy, seed: number): number;
}

export function createRolloutKernel(graph: CompiledGraph): RolloutKernel {
  const g = graph;
  const state = createState(g);
  const dead = deadEndReward(g);
  let rng = 0;
  // mulberry32, inlined on one number so the loop allocates nothing.
  const random = (): number => {
    rng = (rng + 0x6d2b79f5) >>> 0;
    let t = rng;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const dom = state.domain;
  const domOff = state.domainOffset;

  /** The k-th (0-based) allowed version of p. */
  const kthAllowed = (p: number, k: number): number => {
    for (let i = domOff[p], w = 0; i < domOff[p + 1]; i++, w++) {
      let word = dom[i];
      while (word !== 0) {
        const low = word & -word;
        if (k-- === 0) return (w << 5) + (31 - Math.clz32(low));
        word ^= low;
      }
    }
    return -1;
  };
  const uniform = (p: number): number => kthAllowed(p, Math.floor(random() * popcount(state, p)));
  // Per allowed version of the package being decided: its version index and its softmax weight.
  let widest = 1;
  for (let p = 0; p < g.packageCount; p++) widest = Math.max(widest, g.versionStart[p + 1] - g.versionStart[p]);
  const choice = new Int32Array(widest);
  const weight = new Float64Array(widest);
  const softmax = (p: number, values: Float64Array, temperature: number): number => {
    const base = g.versionStart[p];
    let max = -Infinity;
    let n = 0;
    for (let i = domOff[p], w = 0; i < domOff[p + 1]; i++, w++) {
      let word = dom[i];
      while (word !== 0) {
        const low = word & -word;
        const v = (w << 5) + (31 - Math.clz32(low));
        choice[n++] = v;
        const x = values[base + v];
        if (x > max) max = x;
        word ^= low;
      }
    }
    // exp of anything below -746 is 0 in doubles: skipping it changes nothing but the time.
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const z = (values[base + choice[k]] - max) / temperature;
      const e = z > -746 ? Math.exp(z) : 0;
      weight[k] = e;
      sum += e;
    }
    let r = random() * sum;
    for (let k = 0; k < n; k++) {
      r -= weight[k];
      if (r <= 0) return choice[k];
    }
    return n > 0 ? choice[n - 1] : -1;
  };

  return {
    graph: g,
    state,
    deadEndReward: dead,
    // Undoing the pins restores only the words they changed; a fresh reset copies every domain.
    reset: () => (state.depth > 0 ? undoTo(state, 0) : reset(state)),
    applyPins(pins) {
      for (let i = 0; i + 1 < pins.length; i += 2) {
        const p = pins[i];
        const v = pins[i + 1];
        if (p < 0 || p >= g.packageCount || state.requiredBy[p] === 0 || state.pins[p] >= 0 || v < 0 || v >= g.versionStart[p + 1] - g.versionStart[p] || !isAllowed(state, p, v)) return PREFIX_INVALID;
        const r = pin(state, p, v);
        if (r !== PIN_OK) return r;
      }
      return PIN_OK;
    },
    complete(policy, seed) {
      rng = seed >>> 0;
      if (state.deadEnd >= 0) return dead;
      for (let p = nextUnresolved(state, 0); p >= 0; p = nextUnresolved(state, 0)) {
        let v: number;
        if (policy.kind === "uniform") v = uniform(p);
        else if (policy.kind === "softmax") v = softmax(p, policy.values, policy.temperature);
        else {
          v = policy.versions[p];
          if (v < 0 || !isAllowed(state, p, v)) v = uniform(p);
        }
        if (pin(state, p, v) !== PIN_OK) return dead;
      }
      return state.score;
    },
  };
}
