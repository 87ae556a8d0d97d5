export * from "./pinned-packages.js";
export * from "./line-chart-svg.js";
