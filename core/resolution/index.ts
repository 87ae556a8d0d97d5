export * from "./resolve-request.js";
