import type { CompiledGraph } from "../graph/compiled-graph.js";
import { isPrerelease, parseVersion } from "../pep440/index.js";
import type { VersionPreference } from "./preference.js";

const cache = new WeakMap<CompiledGraph, Uint32Array>();

/**
 * Per package, the bitset of its prerelease versions, at the same offsets as the partial
 * solution's accumulated terms (the running sum of maskWords). Computed once per graph from the
 * version strings (an unparsable one counts as stable).
 */
export function prereleaseMasks(g: CompiledGraph): Uint32Array {
  const known = cache.get(g);
  if (known !== undefined) return known;
  let words = 0;
  for (let p = 0; p < g.packageCount; p++) words += g.maskWords[p];
  const out = new Uint32Array(words);
  for (let p = 0, off = 0; p < g.packageCount; off += g.maskWords[p], p++) {
    for (let v = 0, n = g.versionStart[p + 1] - g.versionStart[p]; v < n; v++) {
      const parsed = parseVersion(g.versions[g.versionStart[p] + v]);
      if (parsed.ok && isPrerelease(parsed.value)) out[off + (v >>> 5)] |= 1 << (v & 31);
    }
  }
  cache.set(g, out);
  return out;
}

/**
 * The stable preference (uv 0.12's `if-necessary`): `preference` picks among the stable versions
 * of `allowed` first, and among its prereleases only when it picks no stable one (none is
 * allowed, or it refuses them all). `pre` holds p's prerelease bitset at `preOffset`; `scratch`
 * has room for the largest bitset. Allocates nothing.
 */
export function chooseStableFirst(
  g: CompiledGraph, p: number, preference: VersionPreference, allowed: Uint32Array, offset: number,
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
