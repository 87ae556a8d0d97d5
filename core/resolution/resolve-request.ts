import type { Catalog } from "../catalog/index.js";
import type { Result } from "../failure/index.js";
import { compileGraph, type CompileError, type CompileProblem, type CompileRequest } from "../compile/index.js";
import type { CompiledGraph } from "../graph/index.js";
import { pinnedPackages } from "../report/index.js";
import { conflictPackages, preferVersions, solve, type ConflictPackage, type SolveStats } from "../resolver/index.js";
import { lockedPreferences } from "./locked-preferences.js";

export interface ResolutionStats extends SolveStats {
  readonly packages: number;
  readonly candidates: number;
  readonly edges: number;
  readonly compile_ms: number;
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

/** A resolution with the graph it was found on, or why there is none. */
export type ResolutionOutcome = Result<{ readonly resolution: Resolution; readonly graph: CompiledGraph }, ResolutionFailure>;

export interface ResolveOptions {
  /** Milliseconds from any fixed origin; the caller's clock. */
  readonly now: () => number;
  readonly maxConflicts?: number;
  /** A lock's pins (PEP 503 name to version): each is tried first where still allowed (as uv keeps a lock's versions). */
  readonly prefer?: Readonly<Record<string, string>>;
}

/** Compiles the closure of a request and runs the complete resolver on it (newest first, as pip). */
export async function resolveRequest(catalog: Catalog, request: CompileRequest, options: ResolveOptions): Promise<ResolutionOutcome> {
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
  const warnings = compiled.problems.map(problemText);
  if (result.status === "limit") {
    return { ok: false, error: { kind: "limit", message: `the resolver stopped after ${result.stats.conflicts} conflicts without an answer` } };
  }
  const resolution: Resolution = result.satisfiable
    ? { satisfiable: true, packages: pinnedPackages(graph, result.pins), stats, warnings }
    : { satisfiable: false, explanation: result.explanation, conflict: { kind: "unsatisfiable", packages: conflictPackages(graph, result.derivation) }, stats, warnings };
  return { ok: true, value: { resolution, graph } };
}

export function problemText(p: CompileProblem): string {
  switch (p.kind) {
    case "not-found": return `package ${p.package} (required by ${p.requiredBy}) was not found in the index`;
    case "invalid-version": return `${p.package} ${JSON.stringify(p.version)} was skipped: invalid version (${p.reason})`;
    case "invalid-metadata": return `${p.package}==${p.version} is unusable: ${p.reason}`;
  }
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
