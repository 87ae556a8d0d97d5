import type { CompiledGraph, Exclusion } from "../graph/compiled-graph.js";
import type { SolverGraph } from "./solver-graph.js";

/** Versions of a package found excluded when their candidates were compiled (their metadata). */
export interface Revealed {
  readonly pkg: number;
  readonly versions: readonly number[];
  readonly reason: Exclusion;
}

/**
 * Where the solver's graph comes from. A compiled graph has everything from the start; a graph
 * compiled on demand (core/compile/lazy-graph.ts) compiles a candidate's dependencies when the
 * solver is about to decide it, and may need to wait for its catalog first.
 */
export interface CandidateSource {
  readonly graph: SolverGraph;
  /**
   * null when the candidates (package p, version indices) can be compiled now; else a promise
   * that settles once they can (it rejects only on a failure that ends the solve).
   */
  pending(p: number, versions: readonly number[]): Promise<void> | null;
  /**
   * Compiles the candidates' dependencies into the graph (which may grow: new packages at the
   * end). Returns the versions found excluded (invalid metadata, Requires-Python from metadata).
   */
  compile(p: number, versions: readonly number[]): readonly Revealed[];
  /** Whether version v of p has its dependencies compiled (or was found excluded). */
  compiled(p: number, v: number): boolean;
  /** The graph as compiled so far, with the solver's package and version numbers (explanations, reports). */
  snapshot(): CompiledGraph;
}

/** The source of a compiled graph: nothing to wait for, nothing to compile. */
export function compiledSource(g: CompiledGraph, view: SolverGraph): CandidateSource {
  return { graph: view, pending: () => null, compile: () => [], compiled: () => true, snapshot: () => g };
}
