export * from "./request.js";
export * from "./compile.js";
export * from "./wheel-tags.js";
