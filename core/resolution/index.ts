export * from "./resolve-request.js";
export { searchGraph } from "./search-graph.js";
