export * from "./compiled-graph.js";
export * from "./build.js";
export * from "./serialize.js";
export * from "./with-exclusions.js";
