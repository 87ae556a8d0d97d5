import { type CompiledGraph, Exclusion, ROOT_NAME } from "./compiled-graph.js";
import { graphHash } from "./serialize.js";

/** A dependency edge before interning: the allowed versions of `target`, by version string. */
export interface EdgeInput {
  readonly target: string;
  readonly allowed: readonly string[];
  /** Alternatively the allowed version indices of `target` (0 = newest); used instead of `allowed` when given. */
  readonly indices?: readonly number[];
  /** The requirement text, e.g. `werkzeug>=0.15`. */
  readonly spec: string;
}

export interface CandidateInput {
  readonly version: string;
  readonly exclusion?: Exclusion;
  readonly yanked?: boolean;
  readonly score?: number;
  readonly deps: readonly EdgeInput[];
}

export interface PackageInput {
  readonly name: string;
  /** For an extra `a[x]`: `a`. */
  readonly base?: string;
  /** Newest first. */
  readonly versions: readonly CandidateInput[];
}

export interface GraphInput {
  readonly root: readonly EdgeInput[];
  readonly packages: readonly PackageInput[];
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** Interns names and versions and lays out the CSR arrays and bitsets. Throws on dangling edges (a bug). */
export function buildGraph(input: GraphInput): CompiledGraph {
  const packages: PackageInput[] = [{ name: ROOT_NAME, versions: [{ version: "0", deps: input.root }] }, ...input.packages];
  const ids = new Map<string, number>();
  packages.forEach((p, i) => {
    if (ids.has(p.name)) throw new Error(`buildGraph: package ${p.name} appears twice`);
    ids.set(p.name, i);
  });
  const P = packages.length;
  const versionStart = new Int32Array(P + 1);
  const maskWords = new Int32Array(P);
  for (let p = 0; p < P; p++) {
    versionStart[p + 1] = versionStart[p] + packages[p].versions.length;
    maskWords[p] = Math.max(1, Math.ceil(packages[p].versions.length / 32));
  }
  const C = versionStart[P];
  const versionIndex = packages.map((p) => new Map(p.versions.map((v, i) => [v.version, i])));
  const pool = new MaskPool();
  const specIds = new Map<string, number>();
  const specs: string[] = [];
  const packageOf = new Int32Array(C);
  const exclusion = new Uint8Array(C);
  const yanked = new Uint8Array(C);
  const score = new Float64Array(C);
  const versions: string[] = [];
  const edgeStart = new Int32Array(C + 1);
  const targets: number[] = [];
  const edgeMasks: number[] = [];
  const edgeSpecs: number[] = [];
  const domainMask = new Int32Array(P);
  const baseOf = new Int32Array(P);
  for (let p = 0; p < P; p++) {
    const pkg = packages[p];
    baseOf[p] = pkg.base === undefined ? p : requireId(ids, pkg.base, pkg.name);
    const domain: number[] = [];
    pkg.versions.forEach((v, i) => {
      const c = versionStart[p] + i;
      packageOf[c] = p;
      versions.push(v.version);
      exclusion[c] = v.exclusion ?? Exclusion.None;
      yanked[c] = v.yanked ? 1 : 0;
      score[c] = v.score ?? 0;
      if (exclusion[c] === Exclusion.None) domain.push(i);
      for (const e of v.deps) {
        const q = requireId(ids, e.target, `${pkg.name}==${v.version}`);
        const known = e.indices === undefined ? undefined : pool.known(e.indices, maskWords[q]);
        const bits = known !== undefined ? [] : e.indices ?? e.allowed.map((s) => {
          const k = versionIndex[q].get(s);
          if (k === undefined) throw new Error(`buildGraph: ${e.target} has no version ${s}`);
          return k;
        });
        targets.push(q);
        edgeMasks.push(known ?? pool.add(maskWords[q], bits, e.indices));
        let s = specIds.get(e.spec);
        if (s === undefined) {
          s = specs.length;
          specs.push(e.spec);
          specIds.set(e.spec, s);
        }
        edgeSpecs.push(s);
      }
      edgeStart[c + 1] = targets.length;
    });
    domainMask[p] = pool.add(maskWords[p], domain);
  }
  const body = {
    packageCount: P,
    candidateCount: C,
    names: packages.map((p) => p.name),
    versions,
    versionStart,
    packageOf,
    baseOf,
    maskWords,
    domainMask,
    exclusion,
    yanked,
    edgeStart,
    edgeTarget: Int32Array.from(targets),
    edgeMask: Int32Array.from(edgeMasks),
    edgeSpec: Int32Array.from(edgeSpecs),
    masks: pool.finish(),
    specs,
    score,
    meta: input.meta ?? {},
  };
  return { ...body, hash: graphHash(body) };
}

function requireId(ids: Map<string, number>, name: string, from: string): number {
  const id = ids.get(name);
  if (id === undefined) throw new Error(`buildGraph: ${from} depends on unknown package ${name}`);
  return id;
}

/** Bitsets appended to one growing Uint32Array; identical bitsets are stored once. */
class MaskPool {
  private words = new Uint32Array(1024);
  private length = 0;
  private readonly seen = new Map<string, number>();
  private readonly byArray = new Map<readonly number[], number>();

  /** The offset of a bitset added before from the same index array (and word count), if any. */
  known(indices: readonly number[], wordCount: number): number | undefined {
    const offset = this.byArray.get(indices);
    return offset !== undefined && this.wordCountAt.get(offset) === wordCount ? offset : undefined;
  }

  private readonly wordCountAt = new Map<number, number>();

  add(wordCount: number, bits: readonly number[], source?: readonly number[]): number {
    const offset = this.addBits(wordCount, bits);
    this.wordCountAt.set(offset, wordCount);
    if (source !== undefined) this.byArray.set(source, offset);
    return offset;
  }

  private addBits(wordCount: number, bits: readonly number[]): number {
    const mask = new Uint32Array(wordCount);
    for (const b of bits) mask[b >>> 5] |= 1 << (b & 31);
    const key = `${wordCount}:${mask.join(",")}`;
    const known = this.seen.get(key);
    if (known !== undefined) return known;
    while (this.length + wordCount > this.words.length) {
      const grown = new Uint32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    const offset = this.length;
    this.words.set(mask, offset);
    this.length += wordCount;
    this.seen.set(key, offset);
    return offset;
  }

  finish(): Uint32Array {
    return this.words.slice(0, this.length);
  }
}
