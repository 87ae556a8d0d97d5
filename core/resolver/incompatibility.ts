import { type CompiledGraph, Exclusion, ROOT, versionCount } from "../graph/compiled-graph.js";
import { type Term, term } from "./term.js";

/** Why an incompatibility holds. */
export type Cause =
  /** {not root}: the root must be installed. */
  | { readonly kind: "root" }
  /** Versions `terms[0]` of `pkg` depend on `target` (spec is the requirement text when all share it). */
  | { readonly kind: "dependency"; readonly pkg: number; readonly target: number; readonly spec: string | null }
  /** The versions of the single term are excluded from the package's domain for `reason`. */
  | { readonly kind: "excluded"; readonly reason: Exclusion }
  /**
   * No version of the single term's set can be chosen: `spec` (a requirement no version satisfies,
   * or, when null, the version preference refused them all).
   */
  | { readonly kind: "no-versions"; readonly spec: string | null }
  /** Learned by resolving two incompatibilities. */
  | { readonly kind: "derived"; readonly left: Incompatibility; readonly right: Incompatibility };

/** A set of terms that must not all be true at once. */
export interface Incompatibility {
  readonly id: number;
  readonly terms: readonly Term[];
  readonly cause: Cause;
}

/** The incompatibilities a graph states, built once per graph (immutable, shared by every solve). */
export interface GraphIncompatibilities {
  /** The root's ({not root}) and one per (package, exclusion reason): always in force. */
  readonly base: readonly Incompatibility[];
  /** Dependencies, each over the versions of one package that share an edge (target, allowed set). */
  readonly dependencies: readonly Incompatibility[];
  /** Per candidate (length candidateCount + 1): CSR start into `byCandidate`. */
  readonly start: Int32Array;
  /** Indices into `dependencies` of the incompatibilities stating candidate c's edges. */
  readonly byCandidate: Int32Array;
  /** Ids 0..idCount-1 are taken. */
  readonly idCount: number;
}

const cache = new WeakMap<CompiledGraph, GraphIncompatibilities>();

/** The incompatibilities of a graph (cached per graph object). */
export function graphIncompatibilities(g: CompiledGraph): GraphIncompatibilities {
  const known = cache.get(g);
  if (known !== undefined) return known;
  let ids = 0;
  const nextId = () => ids++;
  const out: Incompatibility[] = [];
  const deps: Incompatibility[] = [];
  const perCandidate: number[][] = Array.from({ length: g.candidateCount }, () => []);
  const single = (p: number, v: number) => bitsetOf(g, p, [v]);
  out.push({ id: nextId(), terms: [term(ROOT, false, single(ROOT, 0))], cause: { kind: "root" } });
  for (let p = 0; p < g.packageCount; p++) {
    const n = versionCount(g, p);
    const byReason = new Map<number, number[]>();
    for (let v = 0; v < n; v++) {
      const r = g.exclusion[g.versionStart[p] + v];
      if (r === Exclusion.None) continue;
      const list = byReason.get(r) ?? [];
      list.push(v);
      byReason.set(r, list);
    }
    for (const [r, vs] of [...byReason].sort((a, b) => a[0] - b[0])) {
      out.push({ id: nextId(), terms: [term(p, true, bitsetOf(g, p, vs))], cause: { kind: "excluded", reason: r as Exclusion } });
    }
  }
  // Versions of p with the same edge (target, allowed set) share one incompatibility. Bitsets are
  // deduplicated in the graph's pool, so the pool offset identifies the allowed set.
  const stride = g.masks.length + 1;
  const groups = new Map<number, { target: number; mask: number; spec: number; versions: Uint32Array }>();
  for (let p = 0; p < g.packageCount; p++) {
    groups.clear();
    for (let v = 0, n = versionCount(g, p); v < n; v++) {
      const c = g.versionStart[p] + v;
      for (let e = g.edgeStart[c]; e < g.edgeStart[c + 1]; e++) {
        const key = g.edgeTarget[e] * stride + g.edgeMask[e];
        let grp = groups.get(key);
        if (grp === undefined) {
          grp = { target: g.edgeTarget[e], mask: g.edgeMask[e], spec: g.edgeSpec[e], versions: new Uint32Array(g.maskWords[p]) };
          groups.set(key, grp);
        } else if (grp.spec !== g.edgeSpec[e]) {
          grp.spec = -1;
        }
        grp.versions[v >>> 5] |= 1 << (v & 31);
      }
    }
    for (const grp of groups.values()) {
      const index = deps.length;
      for (let v = 0, n = versionCount(g, p); v < n; v++) {
        if ((grp.versions[v >>> 5] & (1 << (v & 31))) !== 0) perCandidate[g.versionStart[p] + v].push(index);
      }
      const q = grp.target;
      const allowed = g.masks.subarray(grp.mask, grp.mask + g.maskWords[q]);
      let empty = true;
      for (let i = 0; i < allowed.length; i++) if (allowed[i] !== 0) empty = false;
      const spec = grp.spec >= 0 ? g.specs[grp.spec] : null;
      const versions = grp.versions;
      if (q === p) {
        for (let i = 0; i < versions.length; i++) versions[i] &= ~allowed[i];
        deps.push({ id: nextId(), terms: [term(p, true, versions)], cause: { kind: "dependency", pkg: p, target: q, spec } });
      } else if (empty) {
        // {p ∈ V, q ∉ ∅} holds whenever p ∈ V: register {p ∈ V}, derived (for the explanation) from the
        // dependency and "no version of q satisfies spec".
        const dependency: Incompatibility = { id: nextId(), terms: [term(p, true, versions), term(q, false, allowed)], cause: { kind: "dependency", pkg: p, target: q, spec } };
        const none: Incompatibility = { id: nextId(), terms: [term(q, true, allowed)], cause: { kind: "no-versions", spec: spec ?? g.names[q] } };
        deps.push({ id: nextId(), terms: [term(p, true, versions)], cause: { kind: "derived", left: dependency, right: none } });
      } else {
        deps.push({ id: nextId(), terms: [term(p, true, versions), term(q, false, allowed)], cause: { kind: "dependency", pkg: p, target: q, spec } });
      }
    }
  }
  const start = new Int32Array(g.candidateCount + 1);
  for (let c = 0; c < g.candidateCount; c++) start[c + 1] = start[c] + perCandidate[c].length;
  const byCandidate = new Int32Array(start[g.candidateCount]);
  perCandidate.forEach((list, c) => byCandidate.set(list, start[c]));
  const result: GraphIncompatibilities = { base: out, dependencies: deps, start, byCandidate, idCount: ids };
  cache.set(g, result);
  return result;
}

export function bitsetOf(g: CompiledGraph, p: number, versions: readonly number[]): Uint32Array {
  const out = new Uint32Array(g.maskWords[p]);
  for (const v of versions) out[v >>> 5] |= 1 << (v & 31);
  return out;
}
