import { type CompiledGraph, EXCLUSION_TEXT, ROOT, versionCount } from "../graph/compiled-graph.js";
import { incompatibilityText } from "./explain.js";
import type { Incompatibility } from "./incompatibility.js";

/** One term of a derivation node, by name. */
export interface DerivationTerm {
  readonly package: string;
  readonly positive: boolean;
  /** The version strings of the term's set, newest first. */
  readonly versions: readonly string[];
}

export type DerivationCause =
  | { readonly kind: "root" }
  | { readonly kind: "dependency"; readonly package: string; readonly target: string; readonly spec: string | null }
  | { readonly kind: "excluded"; readonly reason: string }
  | { readonly kind: "no-versions"; readonly spec: string | null }
  | { readonly kind: "derived"; readonly left: number; readonly right: number };

export interface DerivationNode {
  readonly id: number;
  readonly terms: readonly DerivationTerm[];
  /** The incompatibility as a clause. */
  readonly text: string;
  readonly cause: DerivationCause;
}

/** The derivation of the root's incompatibility as data: nodes (children before parents), `root` the last. */
export interface Derivation {
  readonly nodes: readonly DerivationNode[];
  readonly root: number;
}

export function derivationOf(g: CompiledGraph, root: Incompatibility): Derivation {
  const nodes: DerivationNode[] = [];
  const index = new Map<Incompatibility, number>();
  const visit = (inc: Incompatibility): number => {
    const known = index.get(inc);
    if (known !== undefined) return known;
    const c = inc.cause;
    let cause: DerivationCause;
    if (c.kind === "derived") {
      const left = visit(c.left);
      const right = visit(c.right);
      cause = { kind: "derived", left, right };
    } else if (c.kind === "dependency") {
      cause = { kind: "dependency", package: c.pkg === ROOT ? g.names[ROOT] : g.names[c.pkg], target: g.names[c.target], spec: c.spec };
    } else if (c.kind === "excluded") {
      cause = { kind: "excluded", reason: EXCLUSION_TEXT[c.reason] ?? String(c.reason) };
    } else {
      cause = c;
    }
    const id = nodes.length;
    nodes.push({
      id,
      terms: inc.terms.map((t) => ({
        package: g.names[t.pkg],
        positive: t.positive,
        versions: maskIndicesOf(g, t.pkg, t.set),
      })),
      text: incompatibilityText(g, inc),
      cause,
    });
    index.set(inc, id);
    return id;
  };
  return { nodes, root: visit(root) };
}

function maskIndicesOf(g: CompiledGraph, p: number, set: Uint32Array): string[] {
  const out: string[] = [];
  for (let i = 0, n = versionCount(g, p); i < n; i++) if ((set[i >>> 5] & (1 << (i & 31))) !== 0) out.push(g.versions[g.versionStart[p] + i]);
  return out;
}

/** A package an explanation is about, with the versions its facts name. */
export interface ConflictPackage {
  readonly package: string;
  /** Newest first: the versions the derivation's facts (dependencies, exclusions, missing versions) name for it. */
  readonly versions: readonly string[];
}

/**
 * The packages and versions a derivation's facts (its leaves, not the learned clauses) mention,
 * sorted by name: the structured side of an explanation. The root is left out.
 */
export function conflictPackages(g: CompiledGraph, d: Derivation): ConflictPackage[] {
  const named = new Map<string, Set<string>>();
  for (const node of d.nodes) {
    if (node.cause.kind === "derived") continue;
    for (const t of node.terms) {
      if (t.package === g.names[ROOT]) continue;
      const set = named.get(t.package) ?? new Set<string>();
      for (const v of t.versions) set.add(v);
      named.set(t.package, set);
    }
  }
  return [...named].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, versions]) => {
    const p = g.names.indexOf(name);
    const order = p < 0 ? [...versions] : g.versions.slice(g.versionStart[p], g.versionStart[p + 1]).filter((v) => versions.has(v));
    return { package: name, versions: order };
  });
}
