/** The state space over a compiled graph: pins, allowed versions, actions with undo. */
export * from "./state.js";
