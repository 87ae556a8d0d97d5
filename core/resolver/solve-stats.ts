/** What one solve did, counted as it goes. */
export interface SolveStats {
  /** Versions chosen (the root counts). */
  decisions: number;
  /** Incompatibilities found satisfied by the partial solution. */
  conflicts: number;
  /** Backtracks that undid more than one decision level. */
  backjumps: number;
  /** Terms derived by unit propagation. */
  propagations: number;
  /** Incompatibilities learned by conflict resolution. */
  learned: number;
}
