import { Exclusion, ROOT } from "../graph/compiled-graph.js";
import { type Incompatibility, bitsetOf } from "./incompatibility.js";
import type { SolverGraph } from "./solver-graph.js";
import { term } from "./term.js";

/**
 * The incompatibilities a graph states, built per package when the solver first needs them
 * (README "Incompatibilities"): the root's, a package's exclusions (one per reason), and its
 * dependencies (the versions of p with the same edge, target and allowed set, share one). A graph
 * compiled on demand gets more edges as it grows: a package's dependencies are grouped again when
 * its `edgeGeneration` changes, keeping the incompatibilities whose versions did not change.
 */
export interface IncompatibilityStore {
  /** {not root}. */
  readonly root: Incompatibility;
  /** Package p's exclusions known now, one incompatibility per reason, in reason order. */
  exclusions(p: number): readonly Incompatibility[];
  /** `versions` of p excluded for `reason` (found out when the candidates were compiled). */
  excluded(p: number, versions: readonly number[], reason: Exclusion): Incompatibility;
  /** The dependency incompatibilities stating the edges of version v of p. */
  dependencies(p: number, v: number): readonly Incompatibility[];
  /** A fresh incompatibility id. */
  nextId(): number;
}

interface PackageDependencies {
  generation: number;
  /** Group key (target, allowed set) -> the group's incompatibility and its versions. */
  readonly groups: Map<number, { inc: Incompatibility; versions: Uint32Array }>;
  /** Per version index: the incompatibilities stating its edges. */
  byVersion: Incompatibility[][];
}

const stores = new WeakMap<SolverGraph, IncompatibilityStore>();

/** The store of a graph that does not grow is shared by every solve on it; a growing one gets its own. */
export function incompatibilityStore(g: SolverGraph, shared: boolean): IncompatibilityStore {
  if (!shared) return createStore(g);
  let store = stores.get(g);
  if (store === undefined) stores.set(g, (store = createStore(g)));
  return store;
}

function createStore(g: SolverGraph): IncompatibilityStore {
  let ids = 0;
  const nextId = () => ids++;
  const root: Incompatibility = { id: nextId(), terms: [term(ROOT, false, bitsetOf(g, ROOT, [0]))], cause: { kind: "root" } };
  const exclusionCache: (readonly Incompatibility[] | undefined)[] = [];
  const dependencyCache: (PackageDependencies | undefined)[] = [];

  function exclusions(p: number): readonly Incompatibility[] {
    const known = exclusionCache[p];
    if (known !== undefined) return known;
    const byReason = new Map<number, number[]>();
    for (let v = 0, n = g.versionStart[p + 1] - g.versionStart[p]; v < n; v++) {
      const r = g.exclusion[g.versionStart[p] + v];
      if (r === Exclusion.None) continue;
      const list = byReason.get(r);
      if (list === undefined) byReason.set(r, [v]);
      else list.push(v);
    }
    const out = [...byReason].sort((a, b) => a[0] - b[0]).map(([r, vs]): Incompatibility =>
      ({ id: nextId(), terms: [term(p, true, bitsetOf(g, p, vs))], cause: { kind: "excluded", reason: r as Exclusion } }));
    exclusionCache[p] = out;
    return out;
  }

  function dependenciesOf(p: number): PackageDependencies {
    let known = dependencyCache[p];
    const generation = g.edgeGeneration[p];
    if (known !== undefined && known.generation === generation) return known;
    const previous = known?.groups;
    known = { generation, groups: new Map(), byVersion: [] };
    dependencyCache[p] = known;
    group(p, known, previous);
    return known;
  }

  /**
   * Versions of p with the same edge (target, allowed set) share one incompatibility. Bitsets are
   * deduplicated in the graph's pool (per requirement at least), so the pool offset names the set.
   */
  function group(p: number, into: PackageDependencies, previous: PackageDependencies["groups"] | undefined): void {
    if (g.masks.length >= MASK_KEY) throw new Error(`incompatibility store: bitset pool of ${g.masks.length} words is past the limit of ${MASK_KEY}`);
    const n = g.versionStart[p + 1] - g.versionStart[p];
    const words = g.maskWords[p];
    const found = new Map<number, { target: number; mask: number; spec: number; versions: Uint32Array }>();
    for (let v = 0; v < n; v++) {
      const c = g.versionStart[p] + v;
      for (let e = g.edgeStart[c]; e < g.edgeEnd[c]; e++) {
        const key = g.edgeTarget[e] * MASK_KEY + g.edgeMask[e];
        let grp = found.get(key);
        if (grp === undefined) {
          grp = { target: g.edgeTarget[e], mask: g.edgeMask[e], spec: g.edgeSpec[e], versions: new Uint32Array(words) };
          found.set(key, grp);
        } else if (grp.spec !== g.edgeSpec[e]) {
          grp.spec = -1;
        }
        grp.versions[v >>> 5] |= 1 << (v & 31);
      }
    }
    into.byVersion = Array.from({ length: n }, () => []);
    for (const [key, grp] of found) {
      const old = previous?.get(key);
      const inc = old !== undefined && sameBits(old.versions, grp.versions) ? old.inc : dependencyIncompatibility(p, grp.target, grp.mask, grp.spec, grp.versions);
      into.groups.set(key, { inc, versions: grp.versions });
      for (let v = 0; v < n; v++) if ((grp.versions[v >>> 5] & (1 << (v & 31))) !== 0) into.byVersion[v].push(inc);
    }
  }

  function dependencyIncompatibility(p: number, q: number, mask: number, specId: number, versions: Uint32Array): Incompatibility {
    const allowed = g.masks.slice(mask, mask + g.maskWords[q]);
    let empty = true;
    for (let i = 0; i < allowed.length; i++) if (allowed[i] !== 0) empty = false;
    const spec = specId >= 0 ? g.specs[specId] : null;
    if (q === p) {
      const own = versions.slice();
      for (let i = 0; i < own.length; i++) own[i] &= ~allowed[i];
      return { id: nextId(), terms: [term(p, true, own)], cause: { kind: "dependency", pkg: p, target: q, spec } };
    }
    if (empty) {
      // {p ∈ V, q ∉ ∅} holds whenever p ∈ V: state {p ∈ V}, derived (for the explanation) from the
      // dependency and "no version of q satisfies spec".
      const dependency: Incompatibility = { id: nextId(), terms: [term(p, true, versions), term(q, false, allowed)], cause: { kind: "dependency", pkg: p, target: q, spec } };
      const none: Incompatibility = { id: nextId(), terms: [term(q, true, allowed)], cause: { kind: "no-versions", spec: spec ?? g.names[q] } };
      return { id: nextId(), terms: [term(p, true, versions)], cause: { kind: "derived", left: dependency, right: none } };
    }
    return { id: nextId(), terms: [term(p, true, versions), term(q, false, allowed)], cause: { kind: "dependency", pkg: p, target: q, spec } };
  }

  return {
    root,
    exclusions,
    excluded: (p, versions, reason) => ({ id: nextId(), terms: [term(p, true, bitsetOf(g, p, versions))], cause: { kind: "excluded", reason } }),
    dependencies: (p, v) => dependenciesOf(p).byVersion[v],
    nextId,
  };
}

/** Group keys: target * MASK_KEY + pool offset (exact while offsets stay below 2^26 words). */
const MASK_KEY = 2 ** 26;

function sameBits(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
