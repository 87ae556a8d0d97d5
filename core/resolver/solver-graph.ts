import type { CompiledGraph } from "../graph/compiled-graph.js";

/**
 * What the solver reads of a graph: the layout of CompiledGraph (packages, candidates newest first,
 * bitsets of `maskWords[p]` words, edges into a bitset pool), except that it may grow while the
 * solver runs: a graph compiled on demand adds packages (at the end, their candidates contiguous)
 * and the edges of candidates as the solver asks for them (core/compile/lazy-graph.ts). Fields are
 * reassigned when they grow: read them from the object, never keep an array across a growth.
 *
 * Edges of candidate c are edgeTarget/edgeMask/edgeSpec[edgeStart[c] .. edgeEnd[c]); a candidate
 * whose edges are not compiled yet has none. `edgeGeneration[p]` changes whenever candidates of p
 * get their edges. `prerelease` holds per package the bitset of its prereleases at the running sum
 * of maskWords (the partial solution's layout); it may be empty until first needed
 * (stable-first.ts prereleaseBits fills it from the version strings).
 */
export interface SolverGraph {
  packageCount: number;
  candidateCount: number;
  names: readonly string[];
  versions: readonly string[];
  /** Length >= packageCount + 1. */
  versionStart: Int32Array;
  baseOf: Int32Array;
  maskWords: Int32Array;
  /** Per candidate: the Exclusion known now. */
  exclusion: Uint8Array;
  edgeStart: Int32Array;
  edgeEnd: Int32Array;
  edgeTarget: Int32Array;
  edgeMask: Int32Array;
  edgeSpec: Int32Array;
  masks: Uint32Array;
  specs: readonly string[];
  score: Float64Array;
  edgeGeneration: Int32Array;
  prerelease: Uint32Array;
  /** The request's prerelease policy (graph meta `prereleases`). */
  prereleasePolicy: unknown;
}

const views = new WeakMap<CompiledGraph, SolverGraph>();

/** The solver's view of a compiled graph: every package and every edge known from the start (cached per graph). */
export function solverGraphOf(g: CompiledGraph): SolverGraph {
  let view = views.get(g);
  if (view !== undefined) return view;
  view = {
    packageCount: g.packageCount,
    candidateCount: g.candidateCount,
    names: g.names,
    versions: g.versions,
    versionStart: g.versionStart,
    baseOf: g.baseOf,
    maskWords: g.maskWords,
    exclusion: g.exclusion,
    edgeStart: g.edgeStart,
    edgeEnd: g.edgeStart.subarray(1),
    edgeTarget: g.edgeTarget,
    edgeMask: g.edgeMask,
    edgeSpec: g.edgeSpec,
    masks: g.masks,
    specs: g.specs,
    score: g.score,
    edgeGeneration: new Int32Array(g.packageCount),
    // Filled on first use (stable-first.ts prereleaseBits): most solves never need it.
    prerelease: new Uint32Array(0),
    prereleasePolicy: g.meta.prereleases,
  };
  views.set(g, view);
  return view;
}

export function versionCountOf(g: SolverGraph, p: number): number {
  return g.versionStart[p + 1] - g.versionStart[p];
}
