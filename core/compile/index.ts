export * from "./request.js";
export * from "./compile.js";
