/**
 * The complete resolver (PubGrub with conflict learning) over a compiled graph, its explanations
 * and version preferences. See README.md for the algorithm and the decision order.
 */
export { solve, type SolveOptions, type SolveResult, type SolveStats } from "./solve.js";
export { type VersionPreference, newestFirst, highestScoreFirst, preferVersions } from "./preference.js";
export type { Derivation, DerivationNode, DerivationTerm, DerivationCause, ConflictPackage } from "./derivation.js";
export { conflictPackages } from "./derivation.js";
export { explain, incompatibilityText } from "./explain.js";
export type { Incompatibility, Cause } from "./incompatibility.js";
export type { Term } from "./term.js";
export { versionSetText } from "./version-set-text.js";
export { randomUniverse, type UniverseOptions } from "./random-universe.js";
export { pinnedRequirements } from "./pinned-requirements.js";
export { solveOnDemand, solveInTurns, STOP_CHECK_INTERVAL, type SolveTurns, type SolveLimit } from "./solve.js";
export type { CandidateSource, Revealed } from "./candidate-source.js";
export { type SolverGraph, solverGraphOf } from "./solver-graph.js";
