export * from "./catalog.js";
export * from "./recording-catalog.js";
