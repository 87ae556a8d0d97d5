import type { CompiledGraph } from "../graph/compiled-graph.js";
import { mulberry32 } from "../resolver/random-universe.js";
import { type RolloutPolicy, UNIFORM } from "../rollout/rollout-policy.js";
import type { RolloutRequest } from "../rollout/rollout-request.js";
import { PIN_OK, createState, nextAllowed, nextUnresolved, pin, reset } from "../state/state.js";
import type { Predictor, PredictorOptions } from "./predictor.js";
import { requestSeed } from "./request-seed.js";
import { createStartStacks } from "./start-stacks.js";
import { createTopK } from "./top-k.js";

export interface MctsOptions extends PredictorOptions {
  /** UCT exploration constant on rewards normalised to [0, 1] (default 0.5). */
  readonly exploration?: number;
  /** Weight of the max (against the mean) in a node's value (default 0.5). */
  readonly maxWeight?: number;
  /**
   * Rollouts below the tree: "uniform", or "greedy" (default): softmax over the static scores
   * with a temperature of `greedyTemperature` (default 0.1) times the spread of graph.score.
   */
  readonly rollout?: "uniform" | "greedy";
  readonly greedyTemperature?: number;
}

interface Node {
  /** Pins from the root to this node, flattened (package, version). */
  readonly prefix: Int32Array;
  /** The package decided here (the lowest-numbered unresolved one), or -1 for a final state. */
  readonly package: number;
  readonly versions: readonly number[];
  /** Per version: the child, null = not expanded yet. */
  readonly children: (Node | null)[];
  /** Per version: 1 when pinning it is a dead end (a learned conflict). */
  readonly deadChild: Uint8Array;
  /** Children not yet expanded, in a random order. */
  readonly untried: number[];
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
 * (softmax over the static scores by default, or uniform). Backup keeps per node the visits, the mean and the max of stack rewards; dead ends count as
 * visits with reward 0 on the normalised scale. A pin that is itself a dead end is learned as a
 * dead child and never tried again; a subtree whose every leaf is known is closed, and when the
 * root closes the space has been enumerated (planBatch returns fewer requests).
 */
export function createMcts(graph: CompiledGraph, options: MctsOptions): Predictor & { nodeCount(): number } {
  const g = graph;
  const top = createTopK(options.topK ?? 10);
  const random = mulberry32(options.seed ^ 0x1b873593);
  const c = options.exploration ?? 0.5;
  const beta = options.maxWeight ?? 0.5;
  const state = createState(g);
  let nodes = 0;
  let lo = Infinity;
  let hi = -Infinity;
  const starts = createStartStacks(options.starts, options.seed);
  let next = 0;
  const pending = new Map<number, Node[]>();
  let spread = 0;
  for (let i = 0; i < g.candidateCount; i++) spread = Math.max(spread, Math.abs(g.score[i]));
  const policy: RolloutPolicy = (options.rollout ?? "greedy") === "uniform" || spread === 0
    ? UNIFORM
    : { kind: "softmax", values: g.score, temperature: (options.greedyTemperature ?? 0.1) * 2 * spread };

  /** The node for the state after `prefix` (already known to be no dead end). */
  const makeNode = (prefix: Int32Array): Node => {
    nodes++;
    const p = nextUnresolved(state, 0);
    const versions: number[] = [];
    if (p >= 0) for (let v = nextAllowed(state, p, 0); v >= 0; v = nextAllowed(state, p, v + 1)) versions.push(v);
    const untried = versions.map((_, i) => i);
    for (let i = untried.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [untried[i], untried[j]] = [untried[j], untried[i]];
    }
    return { prefix, package: p, versions, children: versions.map(() => null), deadChild: new Uint8Array(versions.length), untried, visits: 0, virtual: 0, stackVisits: 0, sum: 0, max: -Infinity, closed: false };
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
  const closeUp = (path: Node[]) => {
    for (let i = path.length - 1; i >= 0; i--) {
      const n = path[i];
      if (n.package >= 0 && (n.untried.length > 0 || n.children.some((ch, k) => !n.deadChild[k] && ch !== null && !ch.closed))) return;
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
        if (node.untried.length > 0) {
          const k = node.untried.pop() as number;
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
        for (let k = 0; k < node.children.length; k++) {
          const ch = node.children[k];
          if (ch === null || ch.closed || node.deadChild[k]) continue;
          const u = value(ch) + c * Math.sqrt(logN / (ch.visits + ch.virtual + 1));
          if (u > bestValue) { bestValue = u; best = ch; }
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
      for (let i = out.length; i < n; i++) {
        const path = select();
        if (path === null) break;
        for (const node of path) node.virtual++;
        const id = next++;
        pending.set(id, path);
        out.push({ id, prefix: path[path.length - 1].prefix, seed: requestSeed(options.seed, id), policy });
      }
      return out;
    },
    absorb(results) {
      for (const r of results) {
        top.offer(r);
        if (r.kind === "stack") {
          lo = Math.min(lo, r.reward);
          hi = Math.max(hi, r.reward);
        }
        const path = pending.get(r.id);
        if (path === undefined) continue;
        pending.delete(r.id);
        for (const node of path) {
          node.virtual--;
          node.visits++;
          if (r.kind === "stack") {
            node.stackVisits++;
            node.sum += r.reward;
            if (r.reward > node.max) node.max = r.reward;
          }
        }
      }
    },
    incumbent: top.incumbent,
    top: top.top,
  };
}

