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

/** The initial incompatibilities of a graph: the root, every exclusion reason, every dependency (merged over versions with the same edge). */
export function graphIncompatibilities(g: CompiledGraph, nextId: () => number): Incompatibility[] {
  const out: Incompatibility[] = [];
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
  for (let p = 0; p < g.packageCount; p++) {
    const groups = new Map<string, { target: number; mask: number; specs: Set<number>; versions: number[] }>();
    for (let v = 0, n = versionCount(g, p); v < n; v++) {
      const c = g.versionStart[p] + v;
      for (let e = g.edgeStart[c]; e < g.edgeStart[c + 1]; e++) {
        const key = `${g.edgeTarget[e]}:${g.edgeMask[e]}:${g.edgeSpec[e]}`;
        let grp = groups.get(key);
        if (grp === undefined) {
          grp = { target: g.edgeTarget[e], mask: g.edgeMask[e], specs: new Set(), versions: [] };
          groups.set(key, grp);
        }
        grp.specs.add(g.edgeSpec[e]);
        if (grp.versions[grp.versions.length - 1] !== v) grp.versions.push(v);
      }
    }
    for (const grp of groups.values()) {
      const q = grp.target;
      const w = g.maskWords[q];
      const allowed = g.masks.slice(grp.mask, grp.mask + w);
      const empty = allowed.every((x) => x === 0);
      const spec = grp.specs.size === 1 ? g.specs[[...grp.specs][0]] : null;
      const versions = bitsetOf(g, p, grp.versions);
      if (q === p) {
        versions.forEach((x, i) => (versions[i] = x & ~allowed[i]));
        out.push({ id: nextId(), terms: [term(p, true, versions)], cause: { kind: "dependency", pkg: p, target: q, spec } });
      } else if (empty) {
        // {p ∈ V, q ∉ ∅} holds whenever p ∈ V: register {p ∈ V}, derived (for the explanation) from the
        // dependency and "no version of q satisfies spec".
        const dependency: Incompatibility = { id: nextId(), terms: [term(p, true, versions), term(q, false, allowed)], cause: { kind: "dependency", pkg: p, target: q, spec } };
        const none: Incompatibility = { id: nextId(), terms: [term(q, true, allowed)], cause: { kind: "no-versions", spec: spec ?? g.names[q] } };
        out.push({ id: nextId(), terms: [term(p, true, versions)], cause: { kind: "derived", left: dependency, right: none } });
      } else {
        out.push({ id: nextId(), terms: [term(p, true, versions), term(q, false, allowed)], cause: { kind: "dependency", pkg: p, target: q, spec } });
      }
    }
  }
  return out;
}

export function bitsetOf(g: CompiledGraph, p: number, versions: readonly number[]): Uint32Array {
  const out = new Uint32Array(g.maskWords[p]);
  for (const v of versions) out[v >>> 5] |= 1 << (v & 31);
  return out;
}
