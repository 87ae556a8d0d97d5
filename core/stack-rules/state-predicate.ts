import { packageByName, versionCount, type CompiledGraph } from "../graph/index.js";
import type { StateStepUnit, StepResult } from "../pipeline/index.js";
import { versionMatches } from "../pipeline/index.js";

/**
 * A state-dependent step compiled against one graph: it applies when a candidate of `candidates`
 * is pinned while, for every entry of `resolved`, the package `package` is pinned to a version
 * whose bit is set in `mask` (bit i = version index i). Integer ids and bitsets only, for the
 * rollout kernel.
 */
export interface StatePredicate {
  readonly unit: string;
  /** Global candidate ids the step matches (sorted). */
  readonly candidates: Int32Array;
  readonly resolved: readonly { readonly package: number; readonly mask: Uint32Array }[];
  readonly result: StepResult;
  /** Predicates of one group apply at most once per stack. */
  readonly group?: string;
}

/** Compiles state steps; a step naming a package absent from the graph can never apply and is dropped. */
export function compileStatePredicates(graph: CompiledGraph, steps: readonly StateStepUnit[]): StatePredicate[] {
  const out: StatePredicate[] = [];
  for (const step of steps) {
    const p = packageByName(graph, step.match.name);
    if (p < 0) continue;
    const candidates: number[] = [];
    for (let c = graph.versionStart[p]; c < graph.versionStart[p + 1]; c++) {
      if (versionMatches(graph.versions[c], step.match.version)) candidates.push(c);
    }
    if (candidates.length === 0) continue;
    const resolved: { package: number; mask: Uint32Array }[] = [];
    let possible = true;
    for (const r of step.resolved) {
      const q = packageByName(graph, r.name);
      if (q < 0) {
        possible = false;
        break;
      }
      const mask = new Uint32Array(graph.maskWords[q]);
      let any = false;
      for (let i = 0, n = versionCount(graph, q); i < n; i++) {
        if (versionMatches(graph.versions[graph.versionStart[q] + i], r.version)) {
          mask[i >>> 5] |= 1 << (i & 31);
          any = true;
        }
      }
      if (!any) possible = false;
      resolved.push({ package: q, mask });
    }
    if (possible) {
      out.push({ unit: step.name, candidates: Int32Array.from(candidates), resolved, result: step.result, ...(step.group !== undefined ? { group: step.group } : {}) });
    }
  }
  return out;
}

/** Whether a predicate applies to a state given as pinned version index per package (-1: unpinned). */
export function predicateApplies(graph: CompiledGraph, predicate: StatePredicate, pinned: Int32Array): boolean {
  let hit = false;
  for (const c of predicate.candidates) {
    const p = graph.packageOf[c];
    if (pinned[p] === c - graph.versionStart[p]) {
      hit = true;
      break;
    }
  }
  return hit && resolvedHold(predicate, pinned);
}

/** Whether every `resolved` entry of a predicate holds in the state (its candidate is known to be pinned). */
export function resolvedHold(predicate: StatePredicate, pinned: Int32Array): boolean {
  const resolved = predicate.resolved;
  for (let i = 0; i < resolved.length; i++) {
    const r = resolved[i];
    const v = pinned[r.package];
    if (v < 0 || (r.mask[v >>> 5] & (1 << (v & 31))) === 0) return false;
  }
  return true;
}
