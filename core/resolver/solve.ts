import { type CompiledGraph, ROOT } from "../graph/compiled-graph.js";
import { createConflictResolution } from "./conflict-resolution.js";
import { type Derivation, derivationOf } from "./derivation.js";
import { explain } from "./explain.js";
import { type Incompatibility, graphIncompatibilities } from "./incompatibility.js";
import { createPackageOrder } from "./package-order.js";
import { createIncompatibilityLists, type IncompatibilityLists } from "./incompatibility-lists.js";
import { createPartialSolution, type PartialSolution } from "./partial-solution.js";
import { type VersionPreference, newestFirst } from "./preference.js";
import type { SolveStats } from "./solve-stats.js";
import { chooseStableFirst, prereleaseMasks } from "./stable-first.js";
import { prefersStable } from "../compile/prerelease-policy.js";
import { createUnitPropagation } from "./unit-propagation.js";

export type { SolveStats };

export interface SolveOptions {
  /** Which version to try first (default: newest first, as pip). */
  readonly preference?: VersionPreference;
  /** Stop with status "limit" after this many conflicts (default: no limit). */
  readonly maxConflicts?: number;
  /**
   * Try every stable version of a package before its prereleases (uv 0.12's stable preference).
   * Default: as the graph's prerelease policy says (`meta.prereleases`: if-necessary, explicit).
   */
  readonly preferStable?: boolean;
}

export type SolveResult =
  | { readonly status: "resolved"; readonly satisfiable: true; readonly pins: Int32Array; readonly stats: SolveStats }
  | {
      readonly status: "unsatisfiable";
      readonly satisfiable: false;
      /** Human text in the style of PubGrub/uv. */
      readonly explanation: string;
      readonly derivation: Derivation;
      readonly stats: SolveStats;
    }
  | { readonly status: "limit"; readonly satisfiable: undefined; readonly limit: "conflicts"; readonly stats: SolveStats };

/**
 * The complete resolver: PubGrub (version solving with conflict-driven clause learning, see
 * core/resolver/README.md) over a compiled graph. `pins` has one entry per package: the chosen
 * version index, or -1 when the package is not installed; pins[ROOT] is 0. Deterministic.
 *
 * The loop: unit propagation from the package that changed (partial-solution.ts,
 * unit-propagation.ts, conflict-resolution.ts), then a decision in pip's package order with the
 * version preference; it ends when every required package is decided, or with the root's failure.
 */
export function solve(graph: CompiledGraph, options: SolveOptions = {}): SolveResult {
  const g = graph;
  const preference = options.preference ?? newestFirst;
  const stats: SolveStats = { decisions: 0, conflicts: 0, backjumps: 0, propagations: 0, learned: 0 };
  const ps = createPartialSolution(g);
  const lists = createIncompatibilityLists(g, graphIncompatibilities(g));
  const propagate = createUnitPropagation(g, ps, lists, createConflictResolution(g, ps, lists, stats), stats, options.maxConflicts ?? Infinity);
  const decide = createDecision(g, ps, lists, preference, options.preferStable ?? prefersStable(g.meta.prereleases), stats);
  let next = ROOT;
  for (;;) {
    const end = propagate(next);
    if (end === "limit") return { status: "limit", satisfiable: undefined, limit: "conflicts", stats };
    if (end !== null) return unsatisfiable(g, end.failure, stats);
    next = decide();
    if (next < 0) break;
  }
  return { status: "resolved", satisfiable: true, pins: ps.decided.slice(), stats };
}

/**
 * The decision step: the next package in pip's order (package-order.ts) among those required and
 * undecided, at the version the preference picks. A preference that refuses every allowed version
 * adds a "no versions" incompatibility instead, for propagation to resolve. Returns the package
 * propagation goes on from, or -1 when nothing is left to decide.
 */
function createDecision(
  g: CompiledGraph, ps: PartialSolution, lists: IncompatibilityLists, preference: VersionPreference, preferStable: boolean, stats: SolveStats,
): () => number {
  const order = createPackageOrder(g);
  const { acc, accOff, accPos, decided } = ps;
  const isOpen = (p: number) => accPos[p] === 1 && decided[p] < 0;
  const pre = preferStable ? prereleaseMasks(g) : null;
  const scratch = new Uint32Array(Math.max(1, ...g.maskWords));
  return () => {
    const best = order.next(decided, isOpen);
    if (best < 0) return -1;
    const v = pre === null
      ? preference.choose(g, best, acc, accOff[best])
      : chooseStableFirst(g, best, preference, acc, accOff[best], pre, accOff[best], scratch);
    if (v < 0 || (acc[accOff[best] + (v >>> 5)] & (1 << (v & 31))) === 0) {
      const set = acc.slice(accOff[best], accOff[best + 1]);
      lists.add({ id: lists.nextId(), terms: [{ pkg: best, positive: true, set }], cause: { kind: "no-versions", spec: null } });
      return best;
    }
    ps.decide(best, v);
    stats.decisions++;
    lists.addDependencies(g.versionStart[best] + v);
    return best;
  };
}

/** The unsatisfiable result; its explanation and derivation are built on first read (callers that only need the answer do not pay for the text). */
function unsatisfiable(g: CompiledGraph, root: Incompatibility, stats: SolveStats): SolveResult {
  let text: string | undefined;
  let tree: Derivation | undefined;
  return {
    status: "unsatisfiable",
    satisfiable: false,
    get explanation() {
      return (text ??= explain(g, root));
    },
    get derivation() {
      return (tree ??= derivationOf(g, root));
    },
    stats,
  };
}
