import { type CompiledGraph, ROOT, versionCount } from "../graph/compiled-graph.js";

/**
 * A set of versions of package p (bitset, bit i = version index i, 0 = newest) as compact text:
 * contiguous runs become `a==1.0`, `a>=1.0,<2.0`, `a>=1.0`, `a<=1.5`, joined by ` or `; the whole
 * set is `all versions of a` (or just `a` with `object`), the empty set `no version of a`.
 */
export function versionSetText(g: CompiledGraph, p: number, set: Uint32Array, object = false): string {
  const name = p === ROOT ? "your requirements" : g.names[p];
  const n = versionCount(g, p);
  const has = (i: number) => (set[i >>> 5] & (1 << (i & 31))) !== 0;
  const start = g.versionStart[p];
  let count = 0;
  for (let i = 0; i < n; i++) if (has(i)) count++;
  if (count === 0) return `no version of ${name}`;
  if (count === n && (n > 1 || object || p === ROOT)) return object || p === ROOT ? name : `all versions of ${name}`;
  const runs: string[] = [];
  for (let i = 0; i < n; i++) {
    if (!has(i)) continue;
    let j = i;
    while (j + 1 < n && has(j + 1)) j++;
    // Run of indices i (newest) .. j (oldest).
    const newest = g.versions[start + i];
    const oldest = g.versions[start + j];
    if (i === j) runs.push(`${name}==${newest}`);
    else if (j === n - 1) runs.push(`${name}<=${newest}`);
    else if (i === 0) runs.push(`${name}>=${oldest}`);
    else runs.push(`${name}>=${oldest},<${g.versions[start + i - 1]}`);
    i = j;
  }
  return runs.join(" or ");
}

/** Whether the text of a set reads as plural ("all versions of a depend on ..."). */
export function isAllVersions(g: CompiledGraph, p: number, set: Uint32Array): boolean {
  const n = versionCount(g, p);
  if (n <= 1 || p === ROOT) return false;
  for (let i = 0; i < n; i++) if ((set[i >>> 5] & (1 << (i & 31))) === 0) return false;
  return true;
}
