export * from "./request.js";
export * from "./compile.js";
export * from "./wheel-tags.js";
export { keepsPrereleases, prefersStable } from "./prerelease-policy.js";
export { openLazyGraph, LazyGraphStop, type LazyGraph } from "./lazy-graph.js";
