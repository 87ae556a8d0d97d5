import type { Catalog } from "../catalog/index.js";
import type { Result } from "../failure/index.js";
import { compileGraph, LazyGraphStop, openLazyGraph, type CompileError, type CompileProblem, type CompileRequest } from "../compile/index.js";
import type { CompiledGraph } from "../graph/index.js";
import { pinnedPackages } from "../report/pinned-packages.js";
import type { CandidateSource } from "../resolver/candidate-source.js";
import { conflictPackages, type ConflictPackage } from "../resolver/derivation.js";
import { preferVersions } from "../resolver/index.js";
import { solve, solveOnDemand, type SolveResult, type SolveStats } from "../resolver/solve.js";
import { lockedPreferences } from "./locked-preferences.js";

export interface ResolutionStats extends SolveStats {
  /** Packages the resolver looked at (listed): the whole closure when compiled in full. */
  readonly packages: number;
  /** Their versions. */
  readonly candidates: number;
  /** Dependency edges compiled. */
  readonly edges: number;
  /** Time reading the catalog and compiling (on demand: summed over the solve). */
  readonly compile_ms: number;
  /** The rest: the resolver's own time. */
  readonly solve_ms: number;
}

/** The answer of `maat resolve`, as its JSON prints it. */
export type Resolution =
  | { readonly satisfiable: true; readonly packages: Readonly<Record<string, string>>; readonly stats: ResolutionStats; readonly warnings: readonly string[] }
  | {
      readonly satisfiable: false;
      readonly explanation: string;
      /** The explanation as data: the packages and versions its facts name. */
      readonly conflict: { readonly kind: "unsatisfiable"; readonly packages: readonly ConflictPackage[] };
      readonly stats: ResolutionStats;
      readonly warnings: readonly string[];
    };

/**
 * Why a resolve has no answer: a message (compile errors name the requirement) and its kind, the
 * compile error's or `limit` (so a front end can add a hint, e.g. for `offline`).
 */
export interface ResolutionFailure {
  readonly kind: CompileError["kind"] | "limit";
  readonly message: string;
}

/**
 * A resolution with the graph it was found on (compiled on demand: what the resolver compiled, with
 * its numbering; built on first read), or why there is none.
 */
export type ResolutionOutcome = Result<{ readonly resolution: Resolution; readonly graph: CompiledGraph }, ResolutionFailure>;

export interface ResolveOptions {
  /** Milliseconds from any fixed origin; the caller's clock. */
  readonly now: () => number;
  readonly maxConflicts?: number;
  /** A lock's pins (PEP 503 name to version): each is tried first where still allowed (as uv keeps a lock's versions). */
  readonly prefer?: Readonly<Record<string, string>>;
  /** Compile the whole closure before solving (default: compile on demand, as the solver asks; a lock's preferences compile in full). */
  readonly compile?: "on-demand" | "full";
}

/**
 * Runs the complete resolver on a request. By default the graph is compiled on demand
 * (core/compile/lazy-graph.ts): a package is listed when a compiled candidate depends on it, a
 * candidate compiled when the solver is about to decide it; the answers are those of compiling the
 * whole closure first (`compile: "full"`, also taken when the request has dependency rules).
 */
export async function resolveRequest(catalog: Catalog, request: CompileRequest, options: ResolveOptions): Promise<ResolutionOutcome> {
  if (options.compile === "full" || options.prefer !== undefined || request.keepDependency || request.addedRequirements) return resolveCompiled(catalog, request, options);
  const { now } = options;
  const t0 = now();
  const opened = await openLazyGraph(catalog, request);
  if (!opened.ok) return { ok: false, error: { kind: opened.error.kind, message: opened.error.message } };
  const lazy = opened.value;
  let compileMs = now() - t0;
  const timed: CandidateSource = {
    graph: lazy.graph,
    compiled: lazy.compiled,
    snapshot: lazy.snapshot,
    pending(p, versions) {
      const t = now();
      const wait = lazy.pending(p, versions);
      if (wait !== null) return wait.finally(() => (compileMs += now() - t));
      compileMs += now() - t;
      return null;
    },
    compile(p, versions) {
      const t = now();
      try {
        return lazy.compile(p, versions);
      } finally {
        compileMs += now() - t;
      }
    },
  };
  let result: SolveResult;
  try {
    result = await solveOnDemand(timed, { maxConflicts: options.maxConflicts });
  } catch (error) {
    if (error instanceof LazyGraphStop) return { ok: false, error: { kind: error.error.kind, message: error.error.message } };
    throw error;
  }
  const total = now() - t0;
  const counts = lazy.counts();
  const stats: ResolutionStats = {
    ...result.stats, packages: counts.packages - 1, candidates: counts.candidates - 1, edges: counts.edges,
    compile_ms: round(compileMs), solve_ms: round(total - compileMs),
  };
  const g = lazy.graph;
  let snapshot: CompiledGraph | undefined;
  return outcome(result, stats, lazy.problems, (pins) => pinnedPackages(g, pins), () => (snapshot ??= lazy.snapshot()));
}

/** Compiles the whole closure (compileGraph), then solves. */
async function resolveCompiled(catalog: Catalog, request: CompileRequest, options: ResolveOptions): Promise<ResolutionOutcome> {
  const t0 = options.now();
  const compiled = await compileGraph(catalog, request);
  if (!compiled.ok) return { ok: false, error: { kind: compiled.error.kind, message: compiled.error.message } };
  const graph = compiled.graph;
  const t1 = options.now();
  const preferred = options.prefer === undefined ? undefined : lockedPreferences(graph, options.prefer);
  const result = solve(graph, { maxConflicts: options.maxConflicts, ...(preferred !== undefined && preferred.size > 0 ? { preference: preferVersions(preferred) } : {}) });
  const t2 = options.now();
  const stats: ResolutionStats = {
    ...result.stats,
    packages: graph.packageCount - 1,
    candidates: graph.candidateCount - 1,
    edges: graph.edgeTarget.length,
    compile_ms: round(t1 - t0),
    solve_ms: round(t2 - t1),
  };
  return outcome(result, stats, compiled.problems, (pins) => pinnedPackages(graph, pins), () => graph);
}

function outcome(
  result: SolveResult, stats: ResolutionStats, problems: readonly CompileProblem[],
  packages: (pins: Int32Array) => Record<string, string>, graph: () => CompiledGraph,
): ResolutionOutcome {
  if (result.status === "limit") {
    const why = result.limit === "conflicts" ? "" : " (asked to stop)";
    return { ok: false, error: { kind: "limit", message: `the resolver stopped after ${result.stats.conflicts} conflicts without an answer${why}` } };
  }
  const warnings = problems.map(problemText);
  const resolution: Resolution = result.satisfiable
    ? { satisfiable: true, packages: packages(result.pins), stats, warnings }
    : { satisfiable: false, explanation: result.explanation, conflict: { kind: "unsatisfiable", packages: conflictPackages(graph(), result.derivation) }, stats, warnings };
  return { ok: true, value: { resolution, get graph() { return graph(); } } };
}

export function problemText(p: CompileProblem): string {
  switch (p.kind) {
    case "not-found": return `package ${p.package} (required by ${p.requiredBy}) was not found in the index`;
    case "invalid-version": return `${p.package} ${JSON.stringify(p.version)} was skipped: invalid version (${p.reason})`;
    case "invalid-metadata": return `${p.package}==${p.version} is unusable: ${p.reason}`;
  }
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
