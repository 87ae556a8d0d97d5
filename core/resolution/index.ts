export * from "./resolve-request.js";
export { searchGraph, searchGraphInTurns } from "./search-graph.js";
