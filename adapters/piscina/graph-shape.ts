import type { CompiledGraph } from "../../core/graph/index.js";

/**
 * Why a decoded graph cannot be run, or null: array lengths that disagree with the counts, or
 * offsets outside their arrays. A hash only proves the bytes are what the sender hashed; bytes
 * from the graph store are checked once per thread (O(packages + edges)) so a bad graph is an
 * invalid payload, not a thread reading past its arrays.
 */
export function graphShapeError(g: CompiledGraph): string | null {
  const P = g.packageCount;
  const C = g.candidateCount;
  if (!Number.isInteger(P) || P < 1) return `packageCount is ${P}`;
  if (!Number.isInteger(C) || C < 0) return `candidateCount is ${C}`;
  const lengths: [string, number, number][] = [
    ["names", g.names?.length, P], ["versions", g.versions?.length, C], ["versionStart", g.versionStart.length, P + 1],
    ["packageOf", g.packageOf.length, C], ["baseOf", g.baseOf.length, P], ["maskWords", g.maskWords.length, P],
    ["domainMask", g.domainMask.length, P], ["exclusion", g.exclusion.length, C], ["yanked", g.yanked.length, C],
    ["edgeStart", g.edgeStart.length, C + 1], ["score", g.score.length, C],
  ];
  for (const [field, actual, expected] of lengths) {
    if (actual !== expected) return `${field} has ${actual} entries, expected ${expected} (packageCount ${P}, candidateCount ${C})`;
  }
  if (g.versionStart[0] !== 0 || g.versionStart[P] !== C) return `versionStart does not run from 0 to candidateCount ${C}`;
  const E = g.edgeStart[C];
  if (g.edgeStart[0] !== 0 || g.edgeTarget.length !== E || g.edgeMask.length !== E || g.edgeSpec.length !== E) {
    return `edge arrays disagree with edgeStart[${C}] = ${E}`;
  }
  const M = g.masks.length;
  for (let p = 0; p < P; p++) {
    if (g.versionStart[p + 1] < g.versionStart[p]) return `versionStart decreases at package ${p}`;
    const words = g.maskWords[p];
    if (words < (g.versionStart[p + 1] - g.versionStart[p] + 31) >>> 5) return `maskWords[${p}] = ${words} is too small`;
    if (g.domainMask[p] < 0 || g.domainMask[p] + words > M) return `domainMask[${p}] = ${g.domainMask[p]} is outside masks (${M} words)`;
  }
  for (let c = 0; c < C; c++) if (g.edgeStart[c + 1] < g.edgeStart[c]) return `edgeStart decreases at candidate ${c}`;
  for (let e = 0; e < E; e++) {
    const q = g.edgeTarget[e];
    if (q < 0 || q >= P) return `edgeTarget[${e}] = ${q} is not a package`;
    if (g.edgeMask[e] < 0 || g.edgeMask[e] + g.maskWords[q] > M) return `edgeMask[${e}] = ${g.edgeMask[e]} is outside masks (${M} words)`;
  }
  return null;
}
