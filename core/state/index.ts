/**
 * The state space over a compiled graph (glossary: state, action, final state, dead end).
 *
 * ```ts
 * const s = createState(graph);            // nothing pinned, the root required
 * propagateUnits(s);                       // pins the root and every forced package
 * const mark = s.depth;
 * for (let p = nextUnresolved(s, 0); p >= 0; p = nextUnresolved(s, p + 1)) {
 *   for (let v = nextAllowed(s, p, 0); v >= 0; v = nextAllowed(s, p, v + 1)) { ... }  // the actions
 * }
 * if (pin(s, p, v) !== PIN_OK) { ... }     // a dead end: s.deadEnd is the package that emptied
 * undoTo(s, mark);                         // back, without allocating
 * copyInto(saved, s);                      // or save / restore whole states
 * isFinal(s); s.score; s.pins;             // a stack: pins per package (-1 = not installed)
 * ```
 */
export * from "./state.js";
