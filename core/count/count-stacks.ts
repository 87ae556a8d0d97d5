import { type CompiledGraph, ROOT } from "../graph/compiled-graph.js";

export interface CountOptions {
  /** Stop with status "limit" after this many branching nodes (default: no limit). */
  readonly maxNodes?: number;
}

export interface CountStats {
  /** Branching nodes visited (one per pinned version tried). */
  nodes: number;
  /** Distinct subproblems memoized. */
  memoEntries: number;
  /** Subproblems answered from the memo. */
  memoHits: number;
  /** Times a subproblem split into independent components. */
  splits: number;
}

export type CountResult =
  | { readonly status: "exact"; readonly count: bigint; /** The count as a decimal string. */ readonly text: string; readonly stats: CountStats }
  | { readonly status: "limit"; readonly stats: CountStats };

/**
 * The exact number of stacks (final states) of a compiled graph, by memoized model counting, not
 * enumeration.
 *
 * A subproblem is the set of unpinned packages with their allowed versions and whether they are
 * required. Pinning p = v narrows the packages p depends on and, by forward checking through the
 * reverse edges, removes from every unpinned package the versions whose edge to p excludes v, so
 * pinned packages never appear in a subproblem again. A subproblem splits into independent
 * components (packages linked by an edge of an allowed version, reachable from a required
 * package); its count is the product of theirs. Components are memoized on their exact signature.
 */
export function countStacks(graph: CompiledGraph, options: CountOptions = {}): CountResult {
  return stackCounter(graph, options).count();
}

/** A graph's stack counter: the exact count, and stacks drawn uniformly at random by that count. */
export interface StackCounter {
  count(): CountResult;
  /**
   * One stack drawn by `choose` (pins per package, -1 where unpinned), or null when there is none or
   * counting hit its limit. At each branching package `choose` gets, per allowed version in index
   * order, the number of stacks that version leaves, and returns the index taken (one with a
   * positive count): proportional to the counts draws uniformly among all stacks (self-reducibility
   * of the count; independent components are drawn independently).
   */
  sample(choose: (weights: readonly bigint[]) => number): Int32Array | null;
  /**
   * The stack of rank `rank` (0-based, below the count) in lexicographic order over the counter's
   * decisions (independent components in a fixed order, each branching package's versions newest
   * first, or oldest first with `order` "oldest"): rank 0 takes at each branching package the
   * newest (oldest) version that leaves a stack; later ranks change the last decisions first.
   * Null when the rank is out of range or counting hit its limit.
   */
  ranked(rank: bigint, order: "newest" | "oldest"): Int32Array | null;
}

/** The counter behind countStacks; its memo is shared by count() and every sample(). */
export function stackCounter(graph: CompiledGraph, options: CountOptions = {}): StackCounter {
  const g = graph;
  const P = g.packageCount;
  const maxNodes = options.maxNodes ?? Infinity;
  const stats: CountStats = { nodes: 0, memoEntries: 0, memoHits: 0, splits: 0 };
  const off = new Int32Array(P + 1);
  for (let p = 0; p < P; p++) off[p + 1] = off[p] + g.maskWords[p];
  const W = off[P];

  // Reverse edges: per target package, the (source candidate, edge) pairs pointing at it.
  const revStart = new Int32Array(P + 1);
  const E = g.edgeStart[g.candidateCount];
  for (let e = 0; e < E; e++) revStart[g.edgeTarget[e] + 1]++;
  for (let p = 0; p < P; p++) revStart[p + 1] += revStart[p];
  const revEdge = new Int32Array(E);
  const revSource = new Int32Array(E);
  const fill = revStart.slice(0, P);
  for (let c = 0; c < g.candidateCount; c++) {
    for (let e = g.edgeStart[c]; e < g.edgeStart[c + 1]; e++) {
      const i = fill[g.edgeTarget[e]]++;
      revEdge[i] = e;
      revSource[i] = c;
    }
  }

  const memo = new Map<string, bigint>();
  let aborted = false;

  // A subproblem: domains (all packages, words), required flags, unpinned flags.
  interface Sub {
    readonly dom: Uint32Array;
    readonly req: Uint8Array;
    readonly free: Uint8Array;
  }

  const hasAny = (dom: Uint32Array, p: number): boolean => {
    for (let i = off[p]; i < off[p + 1]; i++) if (dom[i] !== 0) return true;
    return false;
  };

  /** Pins p = v in a copy of `s` restricted to the packages of `members`; returns null on a dead end. */
  const pinned = (s: Sub, p: number, v: number): Sub | null => {
    const dom = s.dom.slice();
    const req = s.req.slice();
    const free = s.free.slice();
    free[p] = 0;
    for (let i = off[p]; i < off[p + 1]; i++) dom[i] = 0;
    dom[off[p] + (v >>> 5)] = 1 << (v & 31);
    const c = g.versionStart[p] + v;
    for (let e = g.edgeStart[c]; e < g.edgeStart[c + 1]; e++) {
      const q = g.edgeTarget[e];
      const m = g.edgeMask[e];
      if (!free[q]) {
        if (q === p) {
          if ((g.masks[m + (v >>> 5)] & (1 << (v & 31))) === 0) return null;
          continue;
        }
        // Forward checking already removed v's that conflict with a pinned q; a pinned q's bit is in dom.
        let any = 0;
        for (let w = 0; w < g.maskWords[q]; w++) any |= dom[off[q] + w] & g.masks[m + w];
        if (any === 0) return null;
        continue;
      }
      req[q] = 1;
      let any = 0;
      for (let w = 0; w < g.maskWords[q]; w++) any |= dom[off[q] + w] &= g.masks[m + w];
      if (any === 0) return null;
    }
    // Forward checking: unpinned candidates whose edge to p excludes v are no longer allowed.
    for (let i = revStart[p]; i < revStart[p + 1]; i++) {
      const a = g.packageOf[revSource[i]];
      if (!free[a]) continue;
      const m = g.edgeMask[revEdge[i]];
      if ((g.masks[m + (v >>> 5)] & (1 << (v & 31))) !== 0) continue;
      const k = revSource[i] - g.versionStart[a];
      dom[off[a] + (k >>> 5)] &= ~(1 << (k & 31));
    }
    return { dom, req, free };
  };

  const mark = new Int32Array(P).fill(-1);
  let markEpoch = 0;

  /** The components of the part of `s` reachable from its required free packages within `within` (null = all). */
  const components = (s: Sub, within: Int32Array | null): Int32Array[] => {
    const epoch = ++markEpoch;
    const inside = (q: number) => within === null || mark2[q] === epoch2;
    // Reach: directed closure of the required free packages over edges of allowed candidates.
    const reach: number[] = [];
    const seeds = within ?? allPackages;
    for (const p of seeds) if (s.free[p] && s.req[p] && inside(p)) { mark[p] = epoch; reach.push(p); }
    for (let h = 0; h < reach.length; h++) {
      const a = reach[h];
      forEachAllowed(s, a, (c) => {
        for (let e = g.edgeStart[c]; e < g.edgeStart[c + 1]; e++) {
          const q = g.edgeTarget[e];
          if (s.free[q] && mark[q] !== epoch) { mark[q] = epoch; reach.push(q); }
        }
      });
    }
    // Union-find over the reached packages by the same links.
    const parent = new Map<number, number>();
    for (const a of reach) parent.set(a, a);
    const find = (x: number): number => {
      let r = x;
      while (parent.get(r) !== r) r = parent.get(r) as number;
      while (parent.get(x) !== r) { const n = parent.get(x) as number; parent.set(x, r); x = n; }
      return r;
    };
    for (const a of reach) {
      forEachAllowed(s, a, (c) => {
        for (let e = g.edgeStart[c]; e < g.edgeStart[c + 1]; e++) {
          const q = g.edgeTarget[e];
          if (mark[q] === epoch) { const ra = find(a), rq = find(q); if (ra !== rq) parent.set(ra, rq); }
        }
      });
    }
    const groups = new Map<number, number[]>();
    for (const a of reach) {
      const r = find(a);
      let list = groups.get(r);
      if (!list) groups.set(r, (list = []));
      list.push(a);
    }
    return [...groups.values()].map((l) => Int32Array.from(l.sort((x, y) => x - y)));
  };
  const allPackages = Int32Array.from({ length: P }, (_, i) => i);
  const mark2 = new Int32Array(P).fill(-1);
  let epoch2 = 0;

  const forEachAllowed = (s: Sub, p: number, f: (c: number) => void): void => {
    const base = g.versionStart[p];
    for (let w = 0; w < g.maskWords[p]; w++) {
      let word = s.dom[off[p] + w];
      while (word !== 0) {
        const low = word & -word;
        f(base + (w << 5) + (31 - Math.clz32(low)));
        word ^= low;
      }
    }
  };

  const signature = (s: Sub, members: Int32Array): string => {
    let key = "";
    for (const p of members) {
      key += `${p}${s.req[p] ? "r" : "o"}`;
      for (let i = off[p]; i < off[p + 1]; i++) key += `${s.dom[i].toString(36)},`;
      key += ";";
    }
    return key;
  };

  /** Stacks of `s` (every free required package, and what it pulls in, pinned). */
  const countAll = (s: Sub, within: Int32Array | null): bigint => {
    const comps = components(s, within);
    if (comps.length > 1) stats.splits++;
    let total = 1n;
    for (const comp of comps) {
      const n = countComponent(s, comp);
      if (n === 0n || aborted) return 0n;
      total *= n;
    }
    return total;
  };

  const countComponent = (s: Sub, members: Int32Array): bigint => {
    // A required package with no allowed version: no stack.
    for (const p of members) if (s.req[p] && !hasAny(s.dom, p)) return 0n;
    const key = signature(s, members);
    const hit = memo.get(key);
    if (hit !== undefined) { stats.memoHits++; return hit; }
    // Branch on the first required member.
    let p = -1;
    for (const q of members) if (s.req[q]) { p = q; break; }
    let total = 0n;
    const versions: number[] = [];
    forEachAllowed(s, p, (c) => versions.push(c - g.versionStart[p]));
    for (const v of versions) {
      if (++stats.nodes > maxNodes) { aborted = true; return 0n; }
      const t = pinned(s, p, v);
      if (t === null) continue;
      epoch2++;
      for (const q of members) mark2[q] = epoch2;
      total += countAll(t, members);
      if (aborted) return 0n;
    }
    memo.set(key, total);
    stats.memoEntries++;
    return total;
  };

  /** Draws the stacks of `s` within `within` into `out`, uniformly; false on a dead end or the limit. */
  const sampleAll = (s: Sub, within: Int32Array | null, out: Int32Array, choose: (weights: readonly bigint[]) => number): boolean => {
    for (const comp of components(s, within)) if (!sampleComponent(s, comp, out, choose)) return false;
    return true;
  };

  /** Per component signature: the stacks each allowed version of its branching package leaves. */
  const weightMemo = new Map<string, bigint[]>();

  const sampleComponent = (s: Sub, members: Int32Array, out: Int32Array, choose: (weights: readonly bigint[]) => number): boolean => {
    let p = -1;
    for (const q of members) if (s.req[q]) { p = q; break; }
    const versions: number[] = [];
    forEachAllowed(s, p, (c) => versions.push(c - g.versionStart[p]));
    const weights = branchWeights(s, members, p, versions);
    if (weights === null || !weights.some((w) => w > 0n)) return false;
    const i = choose(weights);
    if (!(weights[i]! > 0n)) return false;
    const t = pinned(s, p, versions[i]!);
    if (t === null) return false;
    out[p] = versions[i]!;
    epoch2++;
    for (const q of members) mark2[q] = epoch2;
    return sampleAll(t, members, out, choose);
  };

  /** The weights of a component's branching package per allowed version (memoized like sampleComponent's). */
  const branchWeights = (s: Sub, members: Int32Array, p: number, versions: readonly number[]): bigint[] | null => {
    const key = signature(s, members);
    let weights = weightMemo.get(key);
    if (weights !== undefined) return weights;
    weights = [];
    for (const v of versions) {
      const t = pinned(s, p, v);
      let n = 0n;
      if (t !== null) {
        epoch2++;
        for (const q of members) mark2[q] = epoch2;
        n = countAll(t, members);
        if (aborted) return null;
      }
      weights.push(n);
    }
    weightMemo.set(key, weights);
    return weights;
  };

  /** Unranks `rank` over the components of `s` within `within` (mixed radix, the first component most significant). */
  const rankedAll = (s: Sub, within: Int32Array | null, rank: bigint, out: Int32Array, oldest: boolean): boolean => {
    const comps = components(s, within);
    const counts: bigint[] = [];
    for (const comp of comps) {
      const n = countComponent(s, comp);
      if (aborted || n === 0n) return false;
      counts.push(n);
    }
    let suffix = counts.reduce((a, b) => a * b, 1n);
    if (rank >= suffix) return false;
    for (let j = 0; j < comps.length; j++) {
      suffix /= counts[j]!;
      const r = rank / suffix;
      rank %= suffix;
      if (!rankedComponent(s, comps[j]!, r, out, oldest)) return false;
    }
    return true;
  };

  const rankedComponent = (s: Sub, members: Int32Array, rank: bigint, out: Int32Array, oldest: boolean): boolean => {
    let p = -1;
    for (const q of members) if (s.req[q]) { p = q; break; }
    const versions: number[] = [];
    forEachAllowed(s, p, (c) => versions.push(c - g.versionStart[p]));
    const weights = branchWeights(s, members, p, versions);
    if (weights === null) return false;
    for (let k = 0; k < versions.length; k++) {
      const i = oldest ? versions.length - 1 - k : k;
      if (rank >= weights[i]!) {
        rank -= weights[i]!;
        continue;
      }
      const t = pinned(s, p, versions[i]!);
      if (t === null) return false;
      out[p] = versions[i]!;
      epoch2++;
      for (const q of members) mark2[q] = epoch2;
      return rankedAll(t, members, rank, out, oldest);
    }
    return false;
  };

  const initial = (): Sub => {
    const dom = new Uint32Array(W);
    for (let p = 0; p < P; p++) dom.set(g.masks.subarray(g.domainMask[p], g.domainMask[p] + g.maskWords[p]), off[p]);
    const req = new Uint8Array(P);
    req[ROOT] = 1;
    return { dom, req, free: new Uint8Array(P).fill(1) };
  };

  return {
    count(): CountResult {
      const count = countAll(initial(), null);
      if (aborted) return { status: "limit", stats };
      return { status: "exact", count, text: count.toString(), stats };
    },
    sample(choose) {
      const out = new Int32Array(P).fill(-1);
      return sampleAll(initial(), null, out, choose) ? out : null;
    },
    ranked(rank, order) {
      const out = new Int32Array(P).fill(-1);
      return rank >= 0n && rankedAll(initial(), null, rank, out, order === "oldest") ? out : null;
    },
  };
}
