import { type CompiledGraph, ROOT } from "../graph/compiled-graph.js";

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
}

interface StaticOrder {
  readonly specPinned: Uint8Array;
  readonly specUnfree: Uint8Array;
  readonly requested: Int32Array;
  readonly nameRank: Int32Array;
}

const cache = new WeakMap<CompiledGraph, StaticOrder>();

/** What the order needs from the graph alone, computed once per graph. */
function staticOrder(g: CompiledGraph): StaticOrder {
  const known = cache.get(g);
  if (known !== undefined) return known;
  const P = g.packageCount;
  const specPinned = new Uint8Array(g.specs.length);
  const specUnfree = new Uint8Array(g.specs.length);
  g.specs.forEach((text, i) => {
    const requirement = text.split(";")[0];
    const rest = requirement.replace(/^[A-Za-z0-9._-]+(\[[^\]]*\])?/, "");
    specPinned[i] = rest.includes("==") ? 1 : 0;
    specUnfree[i] = /[<>=!~]/.test(rest) ? 1 : 0;
  });
  const requested = new Int32Array(P).fill(P);
  const c0 = g.versionStart[ROOT];
  for (let e = g.edgeStart[c0], k = 0; e < g.edgeStart[c0 + 1]; e++, k++) {
    const q = g.edgeTarget[e];
    if (requested[q] === P) requested[q] = k;
    if (requested[g.baseOf[q]] === P) requested[g.baseOf[q]] = k;
  }
  const nameRank = new Int32Array(P);
  [...g.names.keys()]
    .sort((a, b) => (g.names[a] < g.names[b] ? -1 : g.names[a] > g.names[b] ? 1 : a - b))
    .forEach((p, i) => (nameRank[p] = i));
  const result = { specPinned, specUnfree, requested, nameRank };
  cache.set(g, result);
  return result;
}

export function createPackageOrder(g: CompiledGraph): PackageOrder {
  const P = g.packageCount;
  const { specPinned, specUnfree, requested, nameRank } = staticOrder(g);
  const depth = new Int32Array(P);
  const pinned = new Uint8Array(P);
  const unfree = new Uint8Array(P);
  const explicit = new Uint8Array(P);
  const queue = new Int32Array(P);

  return {
    next(chosen, open) {
      depth.fill(0x7fffffff);
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
        for (let e = g.edgeStart[c]; e < g.edgeStart[c + 1]; e++) {
          const q = g.edgeTarget[e];
          if (depth[q] === 0x7fffffff) {
            depth[q] = depth[p] + 1;
            if (chosen[q] >= 0) queue[tail++] = q;
          }
        }
      }
      for (let p = 0; p < P; p++) {
        if (chosen[p] < 0) continue;
        const c = g.versionStart[p] + chosen[p];
        for (let e = g.edgeStart[c]; e < g.edgeStart[c + 1]; e++) {
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
    return nameRank[a] < nameRank[b];
  }
}
