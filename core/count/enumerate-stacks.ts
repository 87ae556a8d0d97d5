import type { CompiledGraph } from "../graph/compiled-graph.js";
import { PIN_OK, type State, createState, nextAllowed, nextUnresolved, pin, undoTo } from "../state/state.js";

/**
 * Visits every stack once, by depth-first search branching on the lowest-numbered unresolved
 * package (for small graphs and as the reference of countStacks and the exact search). `visit`
 * gets the state's pins (valid during the call only) and score; returning false stops. Returns
 * the number of stacks visited.
 */
export function forEachStack(graph: CompiledGraph, visit: (pins: Int32Array, score: number) => boolean | void): number {
  const s = createState(graph);
  let n = 0;
  let stop = false;
  const walk = (st: State): void => {
    const p = nextUnresolved(st, 0);
    if (p < 0) {
      n++;
      if (visit(st.pins, st.score) === false) stop = true;
      return;
    }
    for (let v = nextAllowed(st, p, 0); v >= 0 && !stop; v = nextAllowed(st, p, v + 1)) {
      const mark = st.depth;
      if (pin(st, p, v) === PIN_OK) walk(st);
      undoTo(st, mark);
    }
  };
  if (s.deadEnd < 0) walk(s);
  return n;
}
