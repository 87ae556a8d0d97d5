import type { CompiledGraph } from "../graph/compiled-graph.js";
import { exactSteps, type ExactOptions, type ExactProgress, type ExactResult } from "./branch-and-bound.js";

export interface TurnOptions {
  /** Gives the event loop a turn (e.g. a setImmediate promise): timers, signals and other requests run. */
  readonly pause: () => Promise<void>;
  /** Milliseconds from any fixed origin: the caller's clock. */
  readonly now: () => number;
  /** Search at most this long between two pauses (default 25 ms). */
  readonly turnMs?: number;
  /** After each turn: the statistics so far and the best score found. */
  readonly onTurn?: (progress: ExactProgress) => void;
}

/**
 * branchAndBound in turns: the search runs for about `turnMs`, then pauses so the caller's event
 * loop runs (a progress line, Ctrl-C through `shouldStop`, other requests on a coordinator), and
 * goes on; the same nodes and result as branchAndBound.
 */
export async function exactInTurns(graph: CompiledGraph, options: ExactOptions & TurnOptions): Promise<ExactResult> {
  const turnMs = options.turnMs ?? 25;
  const steps = exactSteps(graph, options);
  let turnStarted = options.now();
  for (;;) {
    const next = steps.next();
    if (next.done === true) return next.value;
    if (options.now() - turnStarted < turnMs) continue;
    options.onTurn?.(next.value);
    await options.pause();
    turnStarted = options.now();
  }
}
