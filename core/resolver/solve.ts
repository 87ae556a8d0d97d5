import type { CompiledGraph } from "../graph/compiled-graph.js";
import { prefersStable } from "../compile/prerelease-policy.js";
import { type CandidateSource, compiledSource } from "./candidate-source.js";
import { createConflictResolution } from "./conflict-resolution.js";
import { type Derivation, derivationOf } from "./derivation.js";
import { explain } from "./explain.js";
import type { Incompatibility } from "./incompatibility.js";
import { createIncompatibilityLists, type IncompatibilityLists } from "./incompatibility-lists.js";
import { incompatibilityStore, type IncompatibilityStore } from "./incompatibility-store.js";
import { createPackageOrder, type PackageOrder } from "./package-order.js";
import { createPartialSolution, type PartialSolution } from "./partial-solution.js";
import { type VersionPreference, newestFirst } from "./preference.js";
import { type SolverGraph, solverGraphOf } from "./solver-graph.js";
import type { SolveStats } from "./solve-stats.js";
import { chooseStableFirst, prereleaseBits } from "./stable-first.js";
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
  /**
   * The caller's stop check (a deadline, Ctrl-C; core has no clock): asked once every
   * STOP_CHECK_INTERVAL steps of work; true stops the solve with status "limit", limit "stopped".
   */
  readonly shouldStop?: () => boolean;
}

/**
 * Steps of work (an incompatibility visited by unit propagation, a decision) between two calls of
 * `shouldStop`, and at least between two turns of solveInTurns. Work, not decisions or conflicts:
 * one conflict costs from a microsecond (test/bench/resolver-kernel.ts) to milliseconds (a
 * pigeonhole core with thousands of learned incompatibilities), a visit well under one.
 */
export const STOP_CHECK_INTERVAL = 1024;

/** Why a solve stopped without an answer: its conflict limit, or the caller's stop check. */
export type SolveLimit = "conflicts" | "stopped";

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
  | { readonly status: "limit"; readonly satisfiable: undefined; readonly limit: SolveLimit; readonly stats: SolveStats };

/**
 * The complete resolver: PubGrub (version solving with conflict-driven clause learning, see
 * core/resolver/README.md) over a compiled graph. `pins` has one entry per package: the chosen
 * version index, or -1 when the package is not installed; pins[ROOT] is 0. Deterministic.
 */
export function solve(graph: CompiledGraph, options: SolveOptions = {}): SolveResult {
  const view = solverGraphOf(graph);
  const step = createSolver(compiledSource(graph, view), incompatibilityStore(view, true), options);
  const r = step();
  if ("wait" in r) throw new Error("solve: a compiled graph made the solver wait (bug)");
  return r;
}

/**
 * The same resolver over a graph compiled on demand: the solver runs until it needs candidates
 * the source has not compiled, waits for the source, and goes on where it stopped. Same answers
 * as `solve` on the fully compiled graph (core/resolution/lazy-resolve.property.test.ts).
 */
export async function solveOnDemand(source: CandidateSource, options: SolveOptions = {}): Promise<SolveResult> {
  const step = createSolver(source, incompatibilityStore(source.graph, false), options);
  for (;;) {
    const r = step();
    if (!("wait" in r)) return r;
    await r.wait;
  }
}

/** How a solve gives the event loop turns (core has no clock: the caller's). */
export interface SolveTurns {
  /** Gives the event loop a turn (e.g. a setImmediate promise): timers, signals and other requests run. */
  readonly pause: () => Promise<void>;
  /** Milliseconds from any fixed origin: the caller's clock. */
  readonly now: () => number;
  /** Solve at most about this long between two pauses (default 25 ms). */
  readonly turnMs?: number;
}

/**
 * `solve` in turns: the solver runs for about `turnMs`, then pauses (at a decision, every
 * STOP_CHECK_INTERVAL steps of work at most) so the caller's event loop runs (Ctrl-C, health and
 * metrics on a coordinator), and goes on where it stopped; the same answer and statistics as `solve`.
 */
export async function solveInTurns(graph: CompiledGraph, options: SolveOptions & SolveTurns): Promise<SolveResult> {
  const turnMs = options.turnMs ?? 25;
  let started = options.now();
  const turn = () => (options.now() - started < turnMs ? null : options.pause().then(() => { started = options.now(); }));
  const view = solverGraphOf(graph);
  const step = createSolver(compiledSource(graph, view), incompatibilityStore(view, true), options, turn);
  for (;;) {
    const r = step();
    if (!("wait" in r)) return r;
    await r.wait;
  }
}

/** One run of the solver until it ends or must wait for its source (then call it again). */
type SolverStep = () => SolveResult | { readonly wait: Promise<void> };

/**
 * The loop: unit propagation from the package that changed (partial-solution.ts,
 * unit-propagation.ts, conflict-resolution.ts), then a decision in pip's package order with the
 * version preference; it ends when every required package is decided, or with the root's failure.
 * A package joins (its exclusions come into force) when the graph first has it.
 */
function createSolver(
  source: CandidateSource, store: IncompatibilityStore, options: SolveOptions, turn: () => Promise<void> | null = () => null,
): SolverStep {
  const g = source.graph;
  const stats: SolveStats = { decisions: 0, conflicts: 0, backjumps: 0, propagations: 0, learned: 0 };
  const ps = createPartialSolution(g);
  const lists = createIncompatibilityLists(store, g.packageCount);
  const conflicts = createConflictResolution(g, ps, lists, stats);
  // Steps of work so far, and at the last stop check and turn check.
  let work = 0;
  let checked = 0;
  let turned = 0;
  const shouldStop = options.shouldStop ?? (() => false);
  const stopDue = () => {
    if (++work - checked < STOP_CHECK_INTERVAL) return false;
    checked = work;
    return shouldStop();
  };
  const propagation = createUnitPropagation(g, ps, lists, conflicts.resolve, stats, options.maxConflicts ?? Infinity, stopDue);
  const order = createPackageOrder(g);
  let known = 0;
  const join = () => {
    if (g.packageCount !== known) {
      ps.grow();
      lists.grow(g.packageCount);
      conflicts.grow();
      propagation.grow();
    }
    order.grow();
    for (; known < g.packageCount; known++) for (const inc of store.exclusions(known)) lists.add(inc);
  };
  join();
  const decide = createDecision(source, store, ps, lists, order, join, options, stats);
  let next = 0;
  let propagated = false;
  return () => {
    for (;;) {
      if (!propagated) {
        const end = propagation.propagate(next);
        if (end === "limit" || end === "stopped") return { status: "limit", satisfiable: undefined, limit: end === "limit" ? "conflicts" : "stopped", stats };
        if (end !== null) return unsatisfiable(source, end.failure, stats);
        propagated = true;
      }
      const d = decide();
      if (typeof d !== "number") return d;
      if (d < 0) break;
      next = d;
      propagated = false;
      // At a decision the state is whole: a stop ends here, a pause resumes from propagation.
      if (stopDue()) return { status: "limit", satisfiable: undefined, limit: "stopped", stats };
      if (work - turned >= STOP_CHECK_INTERVAL) {
        turned = work;
        const pause = turn();
        if (pause !== null) return { wait: pause };
      }
    }
    return { status: "resolved", satisfiable: true, pins: ps.decided.slice(0, g.packageCount), stats };
  };
}

/**
 * The decision step: the next package in pip's package order (package-order.ts) among those
 * required and undecided, at the version the preference picks (stable versions first under the
 * stable preference). A preference that refuses every allowed version adds a "no versions"
 * incompatibility instead, for propagation to resolve. A candidate not compiled yet is compiled
 * first, which may make the solver wait, or reveal that it is excluded: alone the first time its
 * package is compiled, with every allowed version of the package not compiled yet the next time
 * (the package came back after a conflict: its versions' shared dependencies then make one
 * incompatibility, as on a fully compiled graph). Returns the package propagation goes on from,
 * -1 when nothing is left to decide, or what to wait for.
 */
function createDecision(
  source: CandidateSource, store: IncompatibilityStore, ps: PartialSolution, lists: IncompatibilityLists, order: PackageOrder, join: () => void,
  options: SolveOptions, stats: SolveStats,
): () => number | { readonly wait: Promise<void> } {
  const g: SolverGraph = source.graph;
  const preference = options.preference ?? newestFirst;
  const preferStable = options.preferStable ?? prefersStable(g.prereleasePolicy);
  const isOpen = (p: number) => ps.accPos[p] === 1 && ps.decided[p] < 0;
  let scratch = new Uint32Array(1);
  const batch = new Map<number, number>();
  return () => {
    const best = order.next(ps.decided, isOpen);
    if (best < 0) return -1;
    const { acc, accOff } = ps;
    const words = g.maskWords[best];
    if (scratch.length < words) scratch = new Uint32Array(words);
    const v = preferStable
      ? chooseStableFirst(g, best, preference, acc, accOff[best], prereleaseBits(g), accOff[best], scratch)
      : preference.choose(g, best, acc, accOff[best]);
    if (v < 0 || (acc[accOff[best] + (v >>> 5)] & (1 << (v & 31))) === 0) {
      const set = acc.slice(accOff[best], accOff[best + 1]);
      lists.add({ id: lists.nextId(), terms: [{ pkg: best, positive: true, set }], cause: { kind: "no-versions", spec: null } });
      return best;
    }
    if (!source.compiled(best, v)) {
      const versions = batchOf(best, v, acc, accOff[best]);
      const wait = source.pending(best, versions);
      if (wait !== null) return { wait };
      batch.set(best, (batch.get(best) ?? 0) + 1);
      const revealed = source.compile(best, versions);
      join();
      let excluded = false;
      for (const r of revealed) {
        lists.add(store.excluded(r.pkg, r.versions, r.reason));
        if (r.pkg === best && r.versions.includes(v)) excluded = true;
      }
      if (excluded) return best;
    }
    ps.decide(best, v);
    stats.decisions++;
    lists.addDependencies(best, v);
    return best;
  };

  /** v alone the first time p is compiled; after that v and every other allowed version of p not compiled yet. */
  function batchOf(p: number, v: number, acc: Uint32Array, offset: number): number[] {
    const out = [v];
    if (!batch.has(p)) return out;
    for (let i = 0, n = g.versionStart[p + 1] - g.versionStart[p]; i < n; i++) {
      if (i !== v && (acc[offset + (i >>> 5)] & (1 << (i & 31))) !== 0 && !source.compiled(p, i)) out.push(i);
    }
    return out;
  }
}

/** The unsatisfiable result; its explanation and derivation are built on first read (callers that only need the answer do not pay for the text). */
function unsatisfiable(source: CandidateSource, root: Incompatibility, stats: SolveStats): SolveResult {
  let text: string | undefined;
  let tree: Derivation | undefined;
  return {
    status: "unsatisfiable",
    satisfiable: false,
    get explanation() {
      return (text ??= explain(source.snapshot(), root));
    },
    get derivation() {
      return (tree ??= derivationOf(source.snapshot(), root));
    },
    stats,
  };
}
