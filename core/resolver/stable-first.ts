import { isPrerelease, parseVersion } from "../pep440/index.js";
import type { VersionPreference } from "./preference.js";
import type { SolverGraph } from "./solver-graph.js";

/** Whether a canonical version string is a prerelease (an unparsable one counts as stable). */
export function isPrereleaseText(version: string): boolean {
  const parsed = parseVersion(version);
  return parsed.ok && isPrerelease(parsed.value);
}

/**
 * Per package, the bitset of its prerelease versions at the running sum of maskWords (the partial
 * solution's layout): `g.prerelease`, computed from the version strings the first time a graph
 * that does not keep it up to date (a compiled graph's view) needs it.
 */
export function prereleaseBits(g: SolverGraph): Uint32Array {
  if (g.prerelease.length > 0) return g.prerelease;
  let words = 0;
  for (let p = 0; p < g.packageCount; p++) words += g.maskWords[p];
  const out = new Uint32Array(words);
  for (let p = 0, off = 0; p < g.packageCount; off += g.maskWords[p], p++) {
    for (let v = 0, n = g.versionStart[p + 1] - g.versionStart[p]; v < n; v++) {
      if (isPrereleaseText(g.versions[g.versionStart[p] + v])) out[off + (v >>> 5)] |= 1 << (v & 31);
    }
  }
  g.prerelease = out;
  return out;
}

/**
 * The stable preference (uv 0.12's `if-necessary`): `preference` picks among the stable versions
 * of `allowed` first, and among its prereleases only when it picks no stable one (none is
 * allowed, or it refuses them all). `pre` holds p's prerelease bitset at `preOffset`; `scratch`
 * has room for the largest bitset. Allocates nothing.
 */
export function chooseStableFirst(
  g: SolverGraph, p: number, preference: VersionPreference, allowed: Uint32Array, offset: number,
  pre: Uint32Array, preOffset: number, scratch: Uint32Array,
): number {
  const n = g.maskWords[p];
  let stable = false;
  for (let i = 0; i < n; i++) {
    scratch[i] = allowed[offset + i] & ~pre[preOffset + i];
    if (scratch[i] !== 0) stable = true;
  }
  if (stable) {
    const v = preference.choose(g, p, scratch, 0);
    if (v >= 0) return v;
  }
  let prerelease = false;
  for (let i = 0; i < n; i++) {
    scratch[i] = allowed[offset + i] & pre[preOffset + i];
    if (scratch[i] !== 0) prerelease = true;
  }
  return prerelease ? preference.choose(g, p, scratch, 0) : -1;
}
