import { type CompiledGraph, buildGraph } from "../../core/graph/index.js";
import { type UniverseOptions, randomUniverse } from "../../core/resolver/index.js";
import { mulberry32 } from "../../core/random/index.js";

/**
 * A random universe with scores in multiples of 1/64 in [-1, 1]. The kernel restores the score by
 * subtraction when it undoes pins (core/state undoTo), so with scores like 0.37 a kernel's rewards
 * carry a rounding residue of the rollouts it ran before, in the last bits; dyadic scores sum
 * exactly, so results must match bit for bit whatever ran before on each kernel.
 */
export function dyadicUniverse(seed: number, options: Partial<UniverseOptions> = {}): CompiledGraph {
  const input = randomUniverse(seed, { packages: 10, versions: 5, edgeProbability: 0.3, maskDensity: 0.6, exclusionProbability: 0.1, extras: 1, rootRequirements: 3, ...options });
  const rnd = mulberry32(seed ^ 0x5bd1e995);
  return buildGraph({ ...input, packages: input.packages.map((p) => ({ ...p, versions: p.versions.map((v) => ({ ...v, score: dyadic(rnd()) })) })) });
}

/** A number in [0, 1) as a multiple of 1/64 in [-1, 1]. */
export const dyadic = (u: number): number => Math.round(u * 128 - 64) / 64;
