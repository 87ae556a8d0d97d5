import type { CompiledGraph } from "../graph/compiled-graph.js";
import { type RolloutPolicy, UNIFORM } from "../rollout/rollout-policy.js";
import { type RolloutRequest, rolloutsOf, stacksOf } from "../rollout/rollout-request.js";
import { PIN_OK, createState, isAllowed, nextUnresolved, pin, reset } from "../state/state.js";
import type { Predictor, PredictorOptions } from "./predictor.js";
import { requestSeed } from "../random/index.js";
import { createStartStacks } from "./start-stacks.js";
import { createTopK } from "./top-k.js";
import { informedValues } from "./informed-values.js";
import { createPolish } from "./polish.js";
import { mulberry32 } from "../random/index.js";
import { leafRolloutsOption } from "./leaf-rollouts.js";

export interface MctsOptions extends PredictorOptions {
  /** UCT exploration constant on rewards normalised to [0, 1] (default 0.5). */
  readonly exploration?: number;
  /** Weight of the max (against the mean) in a node's value (default 0.5). */
  readonly maxWeight?: number;
  /**
   * Rollouts below the tree: "uniform", or "greedy" (default): softmax over the informed values
   * (static scores on each package's scale) at `greedyTemperature` (default 0.1) of each
   * package's own spread.
   */
  readonly rollout?: "uniform" | "greedy";
  readonly greedyTemperature?: number;
  /**
   * Progressive widening: a node visited n times has at most ⌈widening × (n + 1)^wideningExponent⌉
   * children (defaults 1 and 0.5), expanded best static score first. Infinity: every child before
   * any is revisited (plain UCT).
   */
  readonly widening?: number;
  readonly wideningExponent?: number;
  /** Share of each batch (after the first) spent on local search from the tree's good stacks (createPolish; default 0.25; 0: pure tree search). */
  readonly polish?: number;
}

interface Node {
  /** Pins from the root to this node, flattened (package, version). */
  readonly prefix: Int32Array;
  /** The package decided here (the lowest-numbered unresolved one), or -1 for a final state. */
  readonly package: number;
  /** Allowed versions, the best informed value first (ties: newer first): the order children are expanded in. */
  readonly versions: readonly number[];
  /** Per version: the child, null = not expanded yet. */
  readonly children: (Node | null)[];
  /** Per version: 1 when pinning it is a dead end (a learned conflict). */
  readonly deadChild: Uint8Array;
  /** Children expanded so far (versions[0 .. expanded)). */
  expanded: number;
  visits: number;
  virtual: number;
  stackVisits: number;
  sum: number;
  max: number;
  /** Nothing new below: a final state already visited, or every child closed. */
  closed: boolean;
}

/**
 * Monte Carlo tree search (UCT) over partial states with a fixed expansion order (the
 * lowest-numbered unresolved package, as the rollout kernel). Each request walks the tree with
 * virtual loss (so one batch spreads out), expands one child and asks for a rollout from it
 * (softmax over the informed values by default, or uniform). Children are expanded in order of
 * their static score (the knowledge's prior: the first line of the tree is the greedy one) and
 * progressively: a node gets its next child only as its visits grow, so the tree goes deep on
 * packages with hundreds of versions. Backup keeps per node the visits, the mean and the max of stack rewards; dead ends count as
 * visits with reward 0 on the normalised scale. A pin that is itself a dead end is learned as a
 * dead child and never tried again; a subtree whose every leaf is known is closed, and when the
 * root closes the space has been enumerated (planBatch returns fewer requests).
 *
 * Leaf parallelism (`leafRollouts` k > 1): a tree request asks for k rollouts from its leaf and
 * holds k virtual visits on its path (WU-UCT's unobserved samples); its aggregate backs up as k
 * visits with its stacks' count, reward sum and max, exactly as k single rollouts would.
 */
export function createMcts(graph: CompiledGraph, options: MctsOptions): Predictor & { nodeCount(): number } {
  const g = graph;
  const top = createTopK(options.topK ?? 10);
  const c = options.exploration ?? 0.5;
  const beta = options.maxWeight ?? 0.5;
  const state = createState(g);
  const widening = options.widening ?? 1;
  const wideningExponent = options.wideningExponent ?? 0.5;
  const informed = informedValues(g);
  const polish = options.polish ?? 0.25;
  const leaf = leafRolloutsOption(options.leafRollouts);
  const local = createPolish(g, informed, { seed: options.seed, random: mulberry32(options.seed ^ 0x1b873593) });
  let first = true;
  let nodes = 0;
  let lo = Infinity;
  let hi = -Infinity;
  const starts = createStartStacks(options.starts, options.seed);
  let next = 0;
  const pending = new Map<number, Node[]>();
  // Per package (candidates' ranges): version indices by descending informed value, ties newer first.
  const order = new Int32Array(g.candidateCount);
  for (let p = 0; p < g.packageCount; p++) {
    const base = g.versionStart[p];
    const sorted = Array.from({ length: g.versionStart[p + 1] - base }, (_, v) => v).sort((a, b) => informed.values[base + b] - informed.values[base + a] || a - b);
    order.set(sorted, base);
  }
  const flat = informed.spread.every((s) => s === 0);
  const policy: RolloutPolicy = (options.rollout ?? "greedy") === "uniform" || flat
    ? UNIFORM
    : { kind: "softmax", values: informed.values, temperature: options.greedyTemperature ?? 0.1 };

  /** The node for the state after `prefix` (already known to be no dead end). */
  const makeNode = (prefix: Int32Array): Node => {
    nodes++;
    const p = nextUnresolved(state, 0);
    const versions: number[] = [];
    if (p >= 0) {
      for (let i = g.versionStart[p]; i < g.versionStart[p + 1]; i++) if (isAllowed(state, p, order[i])) versions.push(order[i]);
    }
    return { prefix, package: p, versions, children: new Array<Node | null>(versions.length).fill(null), deadChild: new Uint8Array(versions.length), expanded: 0, visits: 0, virtual: 0, stackVisits: 0, sum: 0, max: -Infinity, closed: false };
  };
  const replay = (prefix: Int32Array): boolean => {
    reset(state);
    for (let i = 0; i < prefix.length; i += 2) if (pin(state, prefix[i], prefix[i + 1]) !== PIN_OK) return false;
    return true;
  };
  replay(new Int32Array(0));
  const root = makeNode(new Int32Array(0));

  const norm = (x: number) => (hi > lo ? (x - lo) / (hi - lo) : 0.5);
  const value = (n: Node): number => {
    const total = n.visits + n.virtual;
    if (total === 0) return 1;
    const mean = n.stackVisits > 0 ? (norm(n.sum / n.stackVisits) * n.stackVisits) / total : 0;
    const best = n.stackVisits > 0 ? norm(n.max) : 0;
    return (1 - beta) * mean + beta * best;
  };
  const hasOpenChild = (n: Node): boolean => {
    for (let k = 0; k < n.expanded; k++) {
      const ch = n.children[k];
      if (ch !== null && !ch.closed && !n.deadChild[k]) return true;
    }
    return false;
  };
  const closeUp = (path: Node[]) => {
    for (let i = path.length - 1; i >= 0; i--) {
      const n = path[i];
      if (n.package >= 0 && (n.expanded < n.versions.length || hasOpenChild(n))) return;
      n.closed = true;
    }
  };

  /** One selection: the nodes from the root to the node to roll out from, or null when the tree is closed. */
  const select = (): Node[] | null => {
    for (;;) {
      if (root.closed) return null;
      const path: Node[] = [root];
      let node = root;
      for (;;) {
        if (node.package < 0) {
          // A final state: its one stack; visit it once.
          node.closed = true;
          closeUp(path.slice(0, -1));
          return path;
        }
        if (node.expanded < node.versions.length && (node.expanded < widening * Math.pow(node.visits + node.virtual + 1, wideningExponent) || !hasOpenChild(node))) {
          const k = node.expanded++;
          const prefix = new Int32Array(node.prefix.length + 2);
          prefix.set(node.prefix);
          prefix[node.prefix.length] = node.package;
          prefix[node.prefix.length + 1] = node.versions[k];
          if (!replay(prefix)) {
            node.deadChild[k] = 1;
            closeUp(path);
            break;
          }
          const child = makeNode(prefix);
          node.children[k] = child;
          path.push(child);
          return path;
        }
        let best: Node | null = null;
        let bestValue = -Infinity;
        const logN = Math.log(node.visits + node.virtual + 1);
        for (let k = 0; k < node.expanded; k++) {
          const ch = node.children[k];
          if (ch === null || ch.closed || node.deadChild[k]) continue;
          const u = value(ch) + c * Math.sqrt(logN / (ch.visits + ch.virtual + 1));
          // The first open child wins when no value compares (NaN): selection always descends.
          if (best === null || u > bestValue) { bestValue = u; best = ch; }
        }
        if (best === null) {
          closeUp(path);
          break;
        }
        node = best;
        path.push(node);
      }
    }
  };

  return {
    name: "mcts",
    nodeCount: () => nodes,
    planBatch(n) {
      const out: RolloutRequest[] = [];
      next += starts.plan(out, n, next);
      // Polish stays a share of the rollouts (a local move is one rollout). Measured (docs/scaling.md):
      // as a share of the requests instead (1/k of the rollouts) the best score at 10,000 stacks fell
      // 4-11% at k = 8; as a share of the rollouts it stays within 0.5% of k = 1.
      const moves = first ? 0 : Math.floor((n - out.length) * polish);
      first = false;
      const tree = n - out.length - moves;
      for (let left = tree; left > 0;) {
        const path = select();
        if (path === null) break;
        // Leaf parallelism: k rollouts from the leaf, k unobserved samples on its path until absorbed
        // (a final state has one stack: one rollout).
        const k = path[path.length - 1].package < 0 ? 1 : Math.min(leaf, left);
        left -= k;
        for (const node of path) node.virtual += k;
        const id = next++;
        pending.set(id, path);
        const request = { id, prefix: path[path.length - 1].prefix, seed: requestSeed(options.seed, id), policy };
        out.push(k === 1 ? request : { ...request, rollouts: k });
      }
      // The tree closed: the space is enumerated, nothing new to polish either.
      if (root.closed && pending.size === 0 && out.length === 0) return out;
      next += local.plan(out, moves, next);
      return out;
    },
    absorb(results) {
      local.absorb(results);
      for (const r of results) {
        top.offer(r);
        if (r.kind === "stack") {
          // An aggregate's mean stands for its worse stacks (>= their min): node means stay within [lo, hi].
          lo = Math.min(lo, r.leaf === undefined ? r.reward : r.leaf.rewardSum / r.leaf.stacks);
          hi = Math.max(hi, r.reward);
        }
        const path = pending.get(r.id);
        if (path === undefined) {
          // A start stack or a local move: back its reward up the tree nodes its pins go through.
          if (r.kind === "stack") backUp(r.pins, r.reward);
          continue;
        }
        pending.delete(r.id);
        // An aggregate of k rollouts backs up as k visits: its stacks, their reward sum and max.
        const count = rolloutsOf(r);
        const stacks = stacksOf(r);
        const sum = r.leaf === undefined ? r.reward : r.leaf.rewardSum;
        for (const node of path) {
          node.virtual -= count;
          node.visits += count;
          if (r.kind === "stack") {
            node.stackVisits += stacks;
            node.sum += sum;
            if (r.reward > node.max) node.max = r.reward;
          }
        }
      }
    },
    incumbent: top.incumbent,
    top: top.top,
  };

  /** Counts a stack found outside the tree's selection for every node on its pins' path (root first, while expanded). */
  function backUp(pins: Int32Array, reward: number): void {
    for (let node: Node | null = root; node !== null && node.package >= 0;) {
      node.visits++;
      node.stackVisits++;
      node.sum += reward;
      if (reward > node.max) node.max = reward;
      const k = node.versions.indexOf(pins[node.package]);
      node = k < 0 ? null : node.children[k];
    }
  }
}

