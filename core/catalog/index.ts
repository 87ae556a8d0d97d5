export * from "./catalog.js";
export * from "./recording-catalog.js";
export * from "./memory-catalog.js";
