import { type CompiledGraph, ROOT } from "../graph/compiled-graph.js";
import { type SolverGraph, solverGraphOf } from "./solver-graph.js";

/**
 * Which unresolved package to decide next: pip's `PipProvider.get_preference` on a graph (see
 * README.md). Lower is preferred, compared in this order:
 *
 * 1. the base of an extra that a chosen `a[x]` depends on (pip: an explicit requirement on a candidate);
 * 2. pinned: a chosen candidate requires it with `==` / `===`;
 * 3. depth: 1 for the root's requirements, else 1 + the smallest depth of a chosen candidate requiring it;
 * 4. the position among the root requirements (others after them);
 * 5. "unfree" first: some requirement on it has an operator (`>=1`), not just the name;
 * 6. the name.
 */
export interface PackageOrder {
  /** The preferred package p with open(p), given the chosen version per package (-1 = none); -1 if no package is open. */
  next(chosen: Int32Array, open: (p: number) => boolean): number;
  /** Room for the graph's packages and requirement texts now. */
  grow(): void;
}

/** Not among the root requirements: after all of them. */
const NOT_REQUESTED = 0x7fffffff;
const UNREACHED = 0x7fffffff;

export function createPackageOrder(graph: CompiledGraph | SolverGraph): PackageOrder {
  const g = "edgeEnd" in graph ? graph : solverGraphOf(graph);
  let P = 0;
  let specs = 0;
  let specPinned = new Uint8Array(0);
  let specUnfree = new Uint8Array(0);
  let requested = new Int32Array(0);
  let depth = new Int32Array(0);
  let pinned = new Uint8Array(0);
  let unfree = new Uint8Array(0);
  let explicit = new Uint8Array(0);
  let queue = new Int32Array(0);

  /** The flags of requirement texts, and the root requirements' order, for what the graph has now. */
  function grow(): void {
    if (g.specs.length > specs) {
      const pin = new Uint8Array(g.specs.length);
      pin.set(specPinned);
      const op = new Uint8Array(g.specs.length);
      op.set(specUnfree);
      for (let i = specs; i < g.specs.length; i++) {
        const rest = g.specs[i].split(";")[0].replace(/^[A-Za-z0-9._-]+(\[[^\]]*\])?/, "");
        pin[i] = rest.includes("==") ? 1 : 0;
        op[i] = /[<>=!~]/.test(rest) ? 1 : 0;
      }
      specPinned = pin;
      specUnfree = op;
      specs = g.specs.length;
    }
    if (g.packageCount === P) return;
    const first = P === 0;
    P = g.packageCount;
    const req = new Int32Array(P).fill(NOT_REQUESTED);
    req.set(requested);
    requested = req;
    if (first) {
      const c0 = g.versionStart[ROOT];
      for (let e = g.edgeStart[c0], k = 0; e < g.edgeEnd[c0]; e++, k++) {
        const q = g.edgeTarget[e];
        if (requested[q] === NOT_REQUESTED) requested[q] = k;
        if (requested[g.baseOf[q]] === NOT_REQUESTED) requested[g.baseOf[q]] = k;
      }
    }
    depth = new Int32Array(P);
    pinned = new Uint8Array(P);
    unfree = new Uint8Array(P);
    explicit = new Uint8Array(P);
    queue = new Int32Array(P);
  }
  grow();

  return {
    grow,
    next(chosen, open) {
      depth.fill(UNREACHED);
      pinned.fill(0);
      unfree.fill(0);
      explicit.fill(0);
      // Breadth-first over chosen candidates from the root: depths and the flags of active requirements.
      let head = 0;
      let tail = 0;
      if (chosen[ROOT] >= 0) {
        depth[ROOT] = 0;
        queue[tail++] = ROOT;
      }
      while (head < tail) {
        const p = queue[head++];
        const c = g.versionStart[p] + chosen[p];
        for (let e = g.edgeStart[c]; e < g.edgeEnd[c]; e++) {
          const q = g.edgeTarget[e];
          if (depth[q] === UNREACHED) {
            depth[q] = depth[p] + 1;
            if (chosen[q] >= 0) queue[tail++] = q;
          }
        }
      }
      for (let p = 0; p < P; p++) {
        if (chosen[p] < 0) continue;
        const c = g.versionStart[p] + chosen[p];
        for (let e = g.edgeStart[c]; e < g.edgeEnd[c]; e++) {
          const q = g.edgeTarget[e];
          pinned[q] |= specPinned[g.edgeSpec[e]];
          unfree[q] |= specUnfree[g.edgeSpec[e]];
          if (g.baseOf[p] !== p && q === g.baseOf[p]) explicit[q] = 1;
        }
      }
      let best = -1;
      for (let p = 0; p < P; p++) {
        if (!open(p)) continue;
        if (best < 0 || before(p, best)) best = p;
      }
      return best;
    },
  };

  function before(a: number, b: number): boolean {
    if (explicit[a] !== explicit[b]) return explicit[a] > explicit[b];
    if (pinned[a] !== pinned[b]) return pinned[a] > pinned[b];
    if (depth[a] !== depth[b]) return depth[a] < depth[b];
    if (requested[a] !== requested[b]) return requested[a] < requested[b];
    if (unfree[a] !== unfree[b]) return unfree[a] > unfree[b];
    // Code-point order, as Python compares strings (names are ASCII, PEP 503).
    return g.names[a] < g.names[b];
  }
}
