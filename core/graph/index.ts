export * from "./compiled-graph.js";
export * from "./build.js";
export * from "./serialize.js";
