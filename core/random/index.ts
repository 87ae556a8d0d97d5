/**
 * Seeded randomness for a pure core (no Math.random): a small PRNG and the splitting of one
 * search seed into independent seeds per rollout request.
 */
export { requestSeed } from "./request-seed.js";
export { mulberry32 } from "./mulberry32.js";
