import type { State } from "../state/state.js";
import type { DagBound } from "./dag-bound.js";

/** Lowers a DagBound at one state by choosing its multipliers (see createMultiplierTuner). */
export interface MultiplierTuner {
  /**
   * Runs up to `passes` rounds, at most `evaluations` bounds in all, asking `stop` every 64 (true
   * ends the tuning there); returns the bound at the multipliers kept (never above the bound before).
   */
  tune(state: State, passes: number, evaluations?: number, stop?: () => boolean): number;
}

/**
 * Coordinate descent on the multipliers of `dag`: per package whose multiplier the bound uses,
 * tries mu = 0, half of it, halfway to the package's best value, that value, and Infinity, and
 * keeps the one that lowers the bound most; rounds until one changes nothing. Every multiplier
 * >= 0 keeps the bound admissible, so the result holds at every state, not only this one.
 */
export function createMultiplierTuner(graph: { readonly packageCount: number }, dag: DagBound): MultiplierTuner {
  const packages = new Int32Array(graph.packageCount);
  const top = new Float64Array(graph.packageCount);
  const tries = new Float64Array(5);
  const mu = dag.multipliers;
  return {
    tune(state, passes, evaluations = Infinity, stop) {
      let current = dag.bound(state);
      if (current === -Infinity) return current;
      let spent = 0;
      let halted = false;
      for (let pass = 0; pass < passes && !halted; pass++) {
        const count = dag.tunable(packages);
        for (let k = 0; k < count; k++) top[k] = Math.max(0, dag.best(packages[k]));
        let moved = false;
        for (let k = 0; k < count && !halted; k++) {
          const q = packages[k];
          const old = mu[q];
          const base = Number.isFinite(old) ? old : top[k];
          tries[0] = 0;
          tries[1] = base / 2;
          tries[2] = (base + top[k]) / 2;
          tries[3] = top[k];
          tries[4] = Infinity;
          let kept = old;
          for (let t = 0; t < tries.length; t++) {
            if (tries[t] === old) continue;
            if (spent >= evaluations || ((spent & 63) === 0 && stop !== undefined && stop())) {
              halted = true;
              break;
            }
            spent++;
            mu[q] = tries[t];
            const b = dag.bound(state);
            if (b < current - 1e-12) {
              current = b;
              kept = tries[t];
              moved = true;
            }
          }
          mu[q] = kept;
        }
        if (!moved) break;
      }
      // The last bound computed may be at a multiplier not kept: recompute, so the relaxed solution matches.
      return dag.bound(state);
    },
  };
}
