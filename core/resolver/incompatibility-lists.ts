import type { Incompatibility } from "./incompatibility.js";
import type { IncompatibilityStore } from "./incompatibility-store.js";

/**
 * The incompatibilities in force during one solve, listed per package they mention (unit
 * propagation visits a changed package's list). The root's is in force from the start and a
 * package's exclusions from when the solver first meets it (solve.ts introduces packages as the
 * graph has them); a candidate's dependencies join when it is first decided (as PubGrub adds
 * dependencies on decision), which keeps the lists short; learned ones join as they are learned.
 */
export interface IncompatibilityLists {
  /** The incompatibilities that mention package p. */
  of(p: number): readonly Incompatibility[];
  add(inc: Incompatibility): void;
  /** Brings the dependency incompatibilities of version v of p into force (each once). */
  addDependencies(p: number, v: number): void;
  /** A fresh incompatibility id. */
  nextId(): number;
  /** Room for packages 0 .. packageCount-1. */
  grow(packageCount: number): void;
}

export function createIncompatibilityLists(store: IncompatibilityStore, packageCount: number): IncompatibilityLists {
  const inForce = new Set<Incompatibility>();
  const lists: Incompatibility[][] = [];
  const grow = (n: number) => {
    while (lists.length < n) lists.push([]);
  };
  grow(packageCount);
  const add = (inc: Incompatibility) => {
    for (const t of inc.terms) lists[t.pkg].push(inc);
  };
  add(store.root);
  return {
    of: (p) => lists[p],
    add,
    addDependencies(p, v) {
      for (const inc of store.dependencies(p, v)) {
        if (inForce.has(inc)) continue;
        inForce.add(inc);
        add(inc);
      }
    },
    nextId: store.nextId,
    grow,
  };
}
