import type { CompiledGraph } from "../graph/compiled-graph.js";
import type { GraphIncompatibilities, Incompatibility } from "./incompatibility.js";

/**
 * The incompatibilities in force during one solve, listed per package they mention (unit
 * propagation visits a changed package's list). The root's and the exclusions' are in force from
 * the start; a candidate's dependencies join when it is first decided (as PubGrub adds
 * dependencies on decision), which keeps the lists short; learned ones join as they are learned.
 */
export interface IncompatibilityLists {
  /** The incompatibilities that mention package p. */
  of(p: number): readonly Incompatibility[];
  add(inc: Incompatibility): void;
  /** Brings candidate c's dependency incompatibilities into force (once). */
  addDependencies(candidate: number): void;
  /** A fresh incompatibility id. */
  nextId(): number;
}

export function createIncompatibilityLists(g: CompiledGraph, stated: GraphIncompatibilities): IncompatibilityLists {
  let ids = stated.idCount;
  const depAdded = new Uint8Array(stated.dependencies.length);
  const lists: Incompatibility[][] = Array.from({ length: g.packageCount }, () => []);
  const add = (inc: Incompatibility) => {
    for (const t of inc.terms) lists[t.pkg].push(inc);
  };
  for (const inc of stated.base) add(inc);
  return {
    of: (p) => lists[p],
    add,
    addDependencies(c) {
      for (let k = stated.start[c]; k < stated.start[c + 1]; k++) {
        const d = stated.byCandidate[k];
        if (depAdded[d] === 0) {
          depAdded[d] = 1;
          add(stated.dependencies[d]);
        }
      }
    },
    nextId: () => ids++,
  };
}
