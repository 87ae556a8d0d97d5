import { formatMarker, normalizeName, type MarkerAtom, type MarkerComparison } from "../pep508/index.js";

/**
 * An environment condition in disjunctive normal form: alternatives, each a sorted list of
 * clauses (PEP 508 comparisons as text) that must all hold. `[[]]` is "always", `[]` "never".
 */
export type MarkerDnf = readonly (readonly string[])[];

export const ALWAYS: MarkerDnf = [[]];
export const NEVER: MarkerDnf = [];

/** Above this many alternatives a condition is dropped (taken as always): a lock stays readable. */
export const MAX_ALTERNATIVES = 16;

export const isAlways = (m: MarkerDnf): boolean => m.some((c) => c.length === 0);

/** Sorted, without duplicate alternatives or alternatives implied by a shorter one. */
function normalize(alternatives: readonly (readonly string[])[]): MarkerDnf {
  const unique = new Map<string, string[]>();
  for (const a of alternatives) {
    const sorted = [...new Set(a)].sort();
    unique.set(sorted.join("\u0000"), sorted);
  }
  const list = [...unique.values()].sort((a, b) => a.length - b.length || (a.join() < b.join() ? -1 : 1));
  const kept: string[][] = [];
  for (const a of list) if (!kept.some((k) => k.every((c) => a.includes(c)))) kept.push(a);
  if (kept.length > MAX_ALTERNATIVES) return ALWAYS;
  return kept;
}

export function dnfOr(a: MarkerDnf, b: MarkerDnf): MarkerDnf {
  if (isAlways(a) || isAlways(b)) return ALWAYS;
  return normalize([...a, ...b]);
}

export function dnfAnd(a: MarkerDnf, b: MarkerDnf): MarkerDnf {
  const out: string[][] = [];
  for (const x of a) for (const y of b) out.push([...x, ...y]);
  return normalize(out);
}

export function dnfEquals(a: MarkerDnf, b: MarkerDnf): boolean {
  return a.length === b.length && a.every((x, i) => x.join("\u0000") === b[i]!.join("\u0000"));
}

/** The marker text of a condition (null for always). */
export function dnfText(m: MarkerDnf): string | null {
  if (isAlways(m) || m.length === 0) return null;
  if (m.length === 1) return m[0]!.join(" and ");
  return m.map((c) => (c.length > 1 ? `(${c.join(" and ")})` : c[0]!)).join(" or ");
}

/**
 * The environment part of a requirement's marker, for a dependent whose `extras` are active:
 * comparisons on `extra` decided (true when the extra is active), the rest kept as clauses.
 */
export function markerDnf(m: MarkerAtom, extras: ReadonlySet<string>): MarkerDnf {
  if (m.kind === "compare") return comparisonDnf(m, extras);
  // `and` binds tighter: split at `or` into and-chains
  let result: MarkerDnf = NEVER;
  let chain: MarkerDnf = markerDnf(m.atoms[0]!, extras);
  for (let i = 1; i < m.atoms.length; i++) {
    const next = markerDnf(m.atoms[i]!, extras);
    if (m.ops[i - 1] === "or") {
      result = dnfOr(result, chain);
      chain = next;
    } else chain = dnfAnd(chain, next);
  }
  return dnfOr(result, chain);
}

function comparisonDnf(c: MarkerComparison, extras: ReadonlySet<string>): MarkerDnf {
  const variable = c.left.kind === "variable" ? c.left : c.right.kind === "variable" ? c.right : null;
  const literal = c.left.kind === "string" ? c.left.value : c.right.kind === "string" ? c.right.value : null;
  if (variable?.name === "extra" && literal !== null && (c.op === "==" || c.op === "!=")) {
    const active = literal === "" || extras.has(normalizeName(literal));
    return (c.op === "==") === active ? ALWAYS : NEVER;
  }
  if (variable?.name === "extras" || variable?.name === "dependency_groups" || variable?.name === "extra") return ALWAYS;
  return [[formatMarker(c)]];
}
