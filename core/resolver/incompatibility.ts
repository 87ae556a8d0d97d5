import { Exclusion } from "../graph/compiled-graph.js";
import type { SolverGraph } from "./solver-graph.js";
import type { Term } from "./term.js";

/** Why an incompatibility holds. */
export type Cause =
  /** {not root}: the root must be installed. */
  | { readonly kind: "root" }
  /** Versions `terms[0]` of `pkg` depend on `target` (spec is the requirement text when all share it). */
  | { readonly kind: "dependency"; readonly pkg: number; readonly target: number; readonly spec: string | null }
  /** The versions of the single term are excluded from the package's domain for `reason`. */
  | { readonly kind: "excluded"; readonly reason: Exclusion }
  /**
   * No version of the single term's set can be chosen: `spec` (a requirement no version satisfies,
   * or, when null, the version preference refused them all).
   */
  | { readonly kind: "no-versions"; readonly spec: string | null }
  /** Learned by resolving two incompatibilities. */
  | { readonly kind: "derived"; readonly left: Incompatibility; readonly right: Incompatibility };

/** A set of terms that must not all be true at once. */
export interface Incompatibility {
  readonly id: number;
  readonly terms: readonly Term[];
  readonly cause: Cause;
}

export function bitsetOf(g: Pick<SolverGraph, "maskWords">, p: number, versions: readonly number[]): Uint32Array {
  const out = new Uint32Array(g.maskWords[p]);
  for (const v of versions) out[v >>> 5] |= 1 << (v & 31);
  return out;
}
