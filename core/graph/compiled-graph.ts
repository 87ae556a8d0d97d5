/**
 * The compiled graph: the integer form of the reachable closure of one request.
 *
 * Packages are numbered 0..packageCount-1; package 0 is the root, whose one candidate depends on
 * the root requirements. An extra `a[x]` is a package of its own whose `baseOf` is `a`: its
 * versions mirror `a`'s and each depends on exactly the same version of `a` plus the extra's
 * requirements. Candidates (package, version) are numbered globally; the candidates of package p
 * are versionStart[p] .. versionStart[p+1]-1, newest first. A version is addressed inside its
 * package by its index (0 = newest) and sets of versions are bitsets of `maskWords[p]` 32-bit
 * words, bit i = version index i.
 */
export interface CompiledGraph {
  readonly packageCount: number;
  readonly candidateCount: number;
  /** Per package: PEP 503 name; an extra is `name[extra]`; the root is ROOT_NAME. */
  readonly names: readonly string[];
  /** Per candidate: canonical version string. */
  readonly versions: readonly string[];
  /** Per package (length packageCount + 1): first candidate; the last entry is candidateCount. */
  readonly versionStart: Int32Array;
  /** Per candidate: its package. */
  readonly packageOf: Int32Array;
  /** Per package: the package it is an extra of, or itself. */
  readonly baseOf: Int32Array;
  /** Per package: number of 32-bit words in a bitset over its versions. */
  readonly maskWords: Int32Array;
  /** Per package: offset into `masks` of its initial domain (versions not excluded). */
  readonly domainMask: Int32Array;
  /** Per candidate: an Exclusion code; Exclusion.None means usable. */
  readonly exclusion: Uint8Array;
  /** Per candidate: 1 when the release is yanked (PEP 592). */
  readonly yanked: Uint8Array;
  /** Per candidate (length candidateCount + 1): CSR start of its dependency edges. */
  readonly edgeStart: Int32Array;
  /** Per edge: the package depended on. */
  readonly edgeTarget: Int32Array;
  /** Per edge: offset into `masks` of the allowed versions of edgeTarget. */
  readonly edgeMask: Int32Array;
  /** Per edge: index into `specs` of the requirement text it came from (for explanations). */
  readonly edgeSpec: Int32Array;
  /** Bitset pool. */
  readonly masks: Uint32Array;
  /** Requirement texts referenced by edgeSpec. */
  readonly specs: readonly string[];
  /** Per candidate: static score contribution. */
  readonly score: Float64Array;
  /** Free-form description of the request (environment, options), JSON-serializable. */
  readonly meta: Readonly<Record<string, unknown>>;
  /** Content hash of the serialized form, 16 hex digits. */
  readonly hash: string;
}

export const ROOT = 0;
export const ROOT_NAME = "<root>";

/** Why a candidate is not in its package's initial domain. */
export const enum Exclusion {
  None = 0,
  RequiresPython = 1,
  Constraint = 2,
  Prerelease = 3,
  Yanked = 4,
  InvalidMetadata = 5,
  Sieve = 6,
  MissingMetadata = 7,
  NoDistribution = 8,
}

export const EXCLUSION_TEXT: readonly string[] = [
  "usable",
  "requires a different Python",
  "excluded by a constraint",
  "a prerelease",
  "yanked",
  "has invalid metadata",
  "removed by a sieve",
  "has no metadata",
  "has no distribution compatible with the target",
];

export function versionCount(g: CompiledGraph, p: number): number {
  return g.versionStart[p + 1] - g.versionStart[p];
}

export function packageByName(g: CompiledGraph, name: string): number {
  return g.names.indexOf(name);
}

export function hasBit(masks: Uint32Array, offset: number, i: number): boolean {
  return (masks[offset + (i >>> 5)] & (1 << (i & 31))) !== 0;
}

/** The version indices set in one bitset of package p. */
export function maskIndices(g: CompiledGraph, p: number, offset: number): number[] {
  const out: number[] = [];
  const n = versionCount(g, p);
  for (let i = 0; i < n; i++) if (hasBit(g.masks, offset, i)) out.push(i);
  return out;
}
