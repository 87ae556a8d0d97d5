import type { CompiledGraph } from "../graph/compiled-graph.js";
import type { RolloutResult } from "./rollout-request.js";

/**
 * A rollout result without its pins: what crosses NATS. The pins follow from the path (every
 * pinned package appears in it exactly once) and a dead end's depth is the path's length, so
 * `resultFromOutcome` rebuilds the RolloutResult that `runRequest` gave.
 */
export interface RolloutOutcome {
  readonly kind: RolloutResult["kind"];
  readonly id: number;
  readonly reward: number;
  /** Candidates in pin order. */
  readonly path: Int32Array;
  /** The package whose allowed versions became empty (dead ends; ignored otherwise). */
  readonly deadEndPackage: number;
}

/**
 * Per package: the version index pinned by `path`, or -1. Throws a RangeError naming the value when
 * a candidate is not in the graph or a package is pinned twice (the path is not a rollout's).
 */
export function pinsFromPath(graph: CompiledGraph, path: ArrayLike<number>): Int32Array {
  const pins = new Int32Array(graph.packageCount).fill(-1);
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (!Number.isInteger(c) || c < 0 || c >= graph.candidateCount) {
      throw new RangeError(`path[${i}] = ${c} is not a candidate of graph ${graph.hash} (0..${graph.candidateCount - 1})`);
    }
    const p = graph.packageOf[c];
    if (pins[p] >= 0) throw new RangeError(`path[${i}] = ${c} pins package ${graph.names[p]} a second time`);
    pins[p] = c - graph.versionStart[p];
  }
  return pins;
}

/** The RolloutResult an outcome stands for (pins rebuilt from the path). Throws a RangeError on a path or package not of this graph. */
export function resultFromOutcome(graph: CompiledGraph, outcome: RolloutOutcome): RolloutResult {
  const { id, reward, path } = outcome;
  if (outcome.kind === "stack") return { kind: "stack", id, reward, pins: pinsFromPath(graph, path), path };
  if (outcome.kind === "invalid") return { kind: "invalid", id, reward, path };
  pinsFromPath(graph, path); // validates the path
  const p = outcome.deadEndPackage;
  if (!Number.isInteger(p) || p < 0 || p >= graph.packageCount) {
    throw new RangeError(`dead-end package ${p} is not a package of graph ${graph.hash} (0..${graph.packageCount - 1})`);
  }
  return { kind: "dead-end", id, reward, package: p, depth: path.length, path };
}

/** The outcome of a result (drops the pins). Throws a RangeError when a dead end's depth is not its path's length (never so from runRequest). */
export function outcomeOf(result: RolloutResult): RolloutOutcome {
  if (result.kind === "dead-end" && result.depth !== result.path.length) {
    throw new RangeError(`result ${result.id}: dead-end depth ${result.depth} differs from its path length ${result.path.length}`);
  }
  return { kind: result.kind, id: result.id, reward: result.reward, path: result.path, deadEndPackage: result.kind === "dead-end" ? result.package : 0 };
}
