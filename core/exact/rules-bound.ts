import type { CompiledGraph } from "../graph/compiled-graph.js";
import type { StackJudgement, StatePredicate } from "../stack-rules/index.js";
import { type State, nextAllowed, popcount } from "../state/state.js";

/** The state-dependent rules of a request as the exact search sees them (see compileStackRules). */
export interface ExactRules {
  /** The rules' state steps and declarative strides, compiled against the graph. */
  readonly predicates: readonly StatePredicate[];
  /** What the rules say about a stack: rejected, or accepted with the score they add to its static score. */
  judge(pins: Int32Array): StackJudgement;
}

/** What the rules may still add below a state (see createRulesBound). */
export interface RulesBound {
  /**
   * Splits what the rules may add to a stack below the state: per candidate, a credit written into
   * `credit` (for createDagBound; only the candidates the predicates name are written, each call
   * rewrites them all, the others are left at 0), and the rest, returned. The credits of the candidates a stack
   * holds plus the rest are at least what the rules add to any stack below the state that they
   * accept; -Infinity when they reject every one.
   */
  bound(state: State, credit: Float64Array): number;
  /**
   * After `bound`: a package that a rule still undecided at the state looks at (of the rule that
   * may add most: a required unresolved package, the one with the fewest allowed versions, else
   * an unpinned one that may be installed), or -1.
   */
  branch(state: State): number;
}

/**
 * An admissible bound on the rules' part of the product score. Each predicate belongs to a group
 * (one of its own when it has none); in a stack, the first predicate of a group that applies fires
 * (its score added, or the stack rejected when it is not acceptable) and the rest of the group
 * does not. Below a state a package "may be installed" when it is pinned, or reached from a
 * required unresolved package through allowed versions; a predicate "may apply" when one of its
 * candidates is pinned, or allowed in a package that may be installed, and every package it looks
 * at is pinned to a matching version, or may be installed and still allows one; it "applies for
 * sure" (is decided) when one of its candidates and a matching version of every such package are
 * pinned.
 *
 * A predicate that may apply and is not decided (one of its packages is not pinned yet) is
 * credited: max(0, score) goes to the versions, still allowed, of one of its unpinned packages
 * that match it (see creditShares), so a stack it applies to holds a credited candidate. Then per
 * group, going through its predicates in order up to the first that applies for sure, the
 * options are: the score of each decided one that applies for sure, 0 for each credited one that
 * is acceptable (its positive part is in the credits; one that rejects gives nothing), and 0 when
 * none applies for sure (the group may not fire); the rest is the sum over groups of the best
 * option, -Infinity when a group has none. A stack below the state that the rules accept gets
 * from each group the score s of the first predicate that applies to it: if that predicate is
 * credited, the stack collects all of its shares (credits >= s) and the group's rest is >= 0;
 * otherwise s is one of the group's options.
 */
export function createRulesBound(graph: CompiledGraph, predicates: readonly StatePredicate[]): RulesBound {
  const g = graph;
  const groups: number[][] = [];
  const byName = new Map<string, number[]>();
  predicates.forEach((q, i) => {
    if (q.group === undefined) groups.push([i]);
    else {
      let list = byName.get(q.group);
      if (list === undefined) {
        byName.set(q.group, (list = []));
        groups.push(list);
      }
      list.push(i);
    }
  });
  /** Per predicate after `bound`: 1 when it may apply and is not decided at the state. */
  const open = new Uint8Array(predicates.length);
  /** Per package, `epoch` when it may still be installed below the state of the last `bound` (pinned, or reached through allowed versions). */
  const installable = new Int32Array(g.packageCount);
  const queue = new Int32Array(g.packageCount);
  let epoch = 0;
  const markInstallable = (st: State): void => {
    epoch++;
    let n = 0;
    for (let p = 0; p < g.packageCount; p++) {
      if (st.pins[p] >= 0) installable[p] = epoch;
      else if (st.requiredBy[p] > 0) {
        installable[p] = epoch;
        queue[n++] = p;
      }
    }
    for (let h = 0; h < n; h++) {
      const a = queue[h];
      const start = g.versionStart[a];
      for (let v = nextAllowed(st, a, 0); v >= 0; v = nextAllowed(st, a, v + 1)) {
        for (let e = g.edgeStart[start + v], end = g.edgeStart[start + v + 1]; e < end; e++) {
          const q = g.edgeTarget[e];
          if (installable[q] === epoch) continue;
          installable[q] = epoch;
          queue[n++] = q;
        }
      }
    }
  };
  /** Every candidate a predicate may credit: its candidates and the matching versions of its conditions. */
  const credited = Int32Array.from(new Set(predicates.flatMap((q) => [
    ...q.candidates,
    ...q.resolved.flatMap((r) => {
      const out: number[] = [];
      for (let v = 0, n = g.versionStart[r.package + 1] - g.versionStart[r.package]; v < n; v++) {
        if ((r.mask[v >>> 5] & (1 << (v & 31))) !== 0) out.push(g.versionStart[r.package] + v);
      }
      return out;
    }),
  ])));

  const candidateState = (st: State, q: StatePredicate): number => {
    // 2: one of its candidates is pinned; 1: one is still allowed; 0: none can be.
    let best = 0;
    for (let i = 0; i < q.candidates.length && best < 2; i++) {
      const c = q.candidates[i];
      const p = g.packageOf[c];
      const v = c - g.versionStart[p];
      if (st.pins[p] === v) best = 2;
      else if (st.pins[p] < 0 && installable[p] === epoch && (st.domain[st.domainOffset[p] + (v >>> 5)] & (1 << (v & 31))) !== 0) best = 1;
    }
    return best;
  };
  const resolvedState = (st: State, q: StatePredicate): number => {
    // 2: every package pinned to a matching version; 1: each pinned to one or still allowing one; 0: one cannot.
    let all = 2;
    for (const r of q.resolved) {
      const v = st.pins[r.package];
      if (v >= 0) {
        if ((r.mask[v >>> 5] & (1 << (v & 31))) === 0) return 0;
        continue;
      }
      if (installable[r.package] !== epoch) return 0;
      const o = st.domainOffset[r.package];
      let any = 0;
      for (let w = 0; w < r.mask.length; w++) any |= st.domain[o + w] & r.mask[w];
      if (any === 0) return 0;
      all = 1;
    }
    return all;
  };

  const bound = (st: State, credit: Float64Array): number => {
    for (let i = 0; i < credited.length; i++) credit[credited[i]] = 0;
    markInstallable(st);
    let total = 0;
    for (const members of groups) {
      let upper = -Infinity;
      let sure = false;
      for (const i of members) {
        open[i] = 0;
        if (sure) continue;
        const q = predicates[i];
        const c = candidateState(st, q);
        if (c === 0) continue;
        const r = resolvedState(st, q);
        if (r === 0) continue;
        open[i] = c === 2 && r === 2 ? 0 : 1;
        if (open[i] === 1) {
          // Credited: to the matching versions of one of its packages not pinned yet.
          if (!q.result.acceptable) continue;
          upper = Math.max(upper, 0);
          if (q.result.score > 0) creditShares(st, q, credit);
          continue;
        }
        if (q.result.acceptable) upper = Math.max(upper, q.result.score);
        if (c === 2 && r === 2) sure = true;
      }
      if (!sure) upper = Math.max(upper, 0);
      if (upper === -Infinity) return -Infinity;
      total += upper;
    }
    return total;
  };

  /** Splits the predicate's positive score among its unpinned packages' matching versions still allowed (see createRulesBound). */
  const creditShares = (st: State, q: StatePredicate, credit: Float64Array): void => {
    const x = g.packageOf[q.candidates[0]];
    let parts = st.pins[x] < 0 ? 1 : 0;
    for (const r of q.resolved) if (st.pins[r.package] < 0) parts++;
    if (parts === 0) throw new Error("bug: an undecided predicate has no unpinned package");
    const share = (q.result.acceptable ? q.result.score : 0) / parts;
    if (st.pins[x] < 0) {
      for (let k = 0; k < q.candidates.length; k++) {
        const v = q.candidates[k] - g.versionStart[x];
        if ((st.domain[st.domainOffset[x] + (v >>> 5)] & (1 << (v & 31))) !== 0) credit[q.candidates[k]] += share;
      }
    }
    for (const r of q.resolved) {
      const p = r.package;
      if (st.pins[p] >= 0) continue;
      const o = st.domainOffset[p];
      for (let v = 0, n = g.versionStart[p + 1] - g.versionStart[p]; v < n; v++) {
        if ((st.domain[o + (v >>> 5)] & r.mask[v >>> 5] & (1 << (v & 31))) !== 0) credit[g.versionStart[p] + v] += share;
      }
    }
  };

  const branch = (st: State): number => {
    let best = -1;
    let most = 0;
    for (let i = 0; i < predicates.length; i++) {
      const q = predicates[i];
      if (open[i] === 0 || !q.result.acceptable || q.result.score <= most) continue;
      const p = packageToDecide(st, q);
      if (p >= 0) {
        most = q.result.score;
        best = p;
      }
    }
    return best;
  };

  const packageToDecide = (st: State, q: StatePredicate): number => {
    // A required unresolved package with the fewest allowed versions; else any unpinned one that may be installed.
    let best = -1;
    let fewest = Infinity;
    let other = -1;
    const consider = (p: number): void => {
      if (st.pins[p] >= 0 || installable[p] !== epoch) return;
      if (st.requiredBy[p] === 0) {
        if (other < 0) other = p;
        return;
      }
      const n = popcount(st, p);
      if (n < fewest) {
        fewest = n;
        best = p;
      }
    };
    for (let i = 0; i < q.candidates.length; i++) consider(g.packageOf[q.candidates[i]]);
    for (const r of q.resolved) consider(r.package);
    return best >= 0 ? best : other;
  };

  return { bound, branch };
}
