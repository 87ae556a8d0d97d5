export * from "./pinned-packages.js";
