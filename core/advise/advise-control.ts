import type { CompiledGraph } from "../graph/index.js";
import type { Failure } from "../failure/index.js";
import { solve, solveInTurns, type SolveOptions, type SolveResult, type SolveTurns } from "../resolver/index.js";

/**
 * How the caller stops an advise before its search (core has no clock): every resolver run of the
 * plan and the feasibility check asks `stop` (the deadline passed, Ctrl-C) and gives the event
 * loop turns (`pause`, `now`).
 */
export interface AdviseControl extends SolveTurns {
  /** The failure the advise ends with once it must stop (deadline-exceeded, cancelled), else null. */
  readonly stop: () => Failure | null;
}

/** A resolver run the caller's control stopped, with the failure its `stop` gave. */
export interface Stopped {
  readonly stopped: Failure;
}

/** `solve` under an advise's control (in turns, asking `stop`); without a control, `solve` itself. */
export async function controlledSolve(graph: CompiledGraph, options: SolveOptions, control: AdviseControl | undefined): Promise<SolveResult | Stopped> {
  if (control === undefined) return solve(graph, options);
  const { shouldStop, stopped } = stopCheck(control);
  const result = await solveInTurns(graph, { ...options, ...turnsOf(control), shouldStop });
  const why = stopped();
  return result.status === "limit" && result.limit === "stopped" && why !== null ? { stopped: why } : result;
}

/** `shouldStop` for a resolver run, and the failure `stop` gave when it said stop. */
export function stopCheck(control: AdviseControl): { readonly shouldStop: () => boolean; readonly stopped: () => Failure | null } {
  let why: Failure | null = null;
  return { shouldStop: () => (why ??= control.stop()) !== null, stopped: () => why };
}

function turnsOf(control: AdviseControl): SolveTurns {
  return { pause: control.pause, now: control.now, ...(control.turnMs === undefined ? {} : { turnMs: control.turnMs }) };
}
