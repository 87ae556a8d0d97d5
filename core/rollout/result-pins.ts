import type { CompiledGraph } from "../graph/compiled-graph.js";
import type { LeafAggregate, RolloutResult } from "./rollout-request.js";

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
  /** The aggregate of a request for k > 1 rollouts (leaf parallelism), as runRequest gave it. */
  readonly leaf?: LeafAggregate;
  /** The eager stop the result asked for (RolloutResult.stop; only from a runner that judges stacks). */
  readonly stop?: number;
}

/**
 * How resultFromOutcome reads outcomes of a runner that judged stacks with the stack rules: a
 * stack's reward then includes the rules' score (it is checked to be finite, not against the path),
 * and a stop must index one of `stopCount` stops.
 */
export interface JudgedOutcomes {
  readonly stopCount: number;
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

/** The score of the stack pinned by `path`: graph.score summed in pin order from 0, as the state sums it (the reward runRequest reports). */
export function stackReward(graph: CompiledGraph, path: ArrayLike<number>): number {
  let score = 0;
  for (let i = 0; i < path.length; i++) score += graph.score[path[i]];
  return score;
}

/**
 * The RolloutResult an outcome stands for: pins rebuilt from the path, a stack's reward summed
 * again from its path (as runRequest does; whatever ran it, the result is runRequest's). Throws a
 * RangeError on a path or package not of this graph, or a stack reward that is not its path's score.
 */
export function resultFromOutcome(graph: CompiledGraph, outcome: RolloutOutcome, judged?: JudgedOutcomes): RolloutResult {
  const result = resultOf(graph, outcome, judged);
  const stop = outcome.stop;
  if (stop === undefined) return result;
  if (judged === undefined) throw new RangeError(`outcome ${outcome.id}: stop ${stop} from a runner that was given no stack rules`);
  if (!Number.isInteger(stop) || stop < 0 || stop >= judged.stopCount) throw new RangeError(`outcome ${outcome.id}: stop ${stop} is not one of the rules' ${judged.stopCount} stops`);
  return { ...result, stop };
}

function resultOf(graph: CompiledGraph, outcome: RolloutOutcome, judged: JudgedOutcomes | undefined): RolloutResult {
  const { id, reward, path } = outcome;
  if (outcome.leaf !== undefined) {
    const result = resultOf(graph, { kind: outcome.kind, id, reward, path, deadEndPackage: outcome.deadEndPackage }, judged);
    return { ...result, leaf: checkedLeaf(graph, outcome) };
  }
  if (outcome.kind === "stack" && judged !== undefined) {
    if (!Number.isFinite(reward)) throw new RangeError(`stack ${id}: reward ${reward} is not finite`);
    return { kind: "stack", id, reward, pins: pinsFromPath(graph, path), path };
  }
  if (outcome.kind === "stack") {
    const pins = pinsFromPath(graph, path);
    const exact = stackReward(graph, path);
    let scale = 1;
    for (let i = 0; i < path.length; i++) scale += Math.abs(graph.score[path[i]]);
    if (!(Math.abs(reward - exact) <= 1e-9 * scale)) {
      throw new RangeError(`stack ${id}: reward ${reward} is not the score ${exact} of its path in graph ${graph.hash}`);
    }
    return { kind: "stack", id, reward: exact, pins, path };
  }
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
  const o: RolloutOutcome = { kind: result.kind, id: result.id, reward: result.reward, path: result.path, deadEndPackage: result.kind === "dead-end" ? result.package : 0 };
  const withLeaf = result.leaf === undefined ? o : { ...o, leaf: result.leaf };
  return result.stop === undefined ? withLeaf : { ...withLeaf, stop: result.stop };
}

/** An outcome's aggregate, checked against the graph and its kind; a RangeError names what is off. */
function checkedLeaf(graph: CompiledGraph, outcome: RolloutOutcome): LeafAggregate {
  const leaf = outcome.leaf!;
  const { count, stacks, deadEnds } = leaf;
  const at = `outcome ${outcome.id}: leaf`;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`${at} count ${count} is not a positive integer`);
  if (!Number.isInteger(stacks) || stacks < 0 || stacks + deadEnds.length > count) throw new RangeError(`${at} stacks ${stacks} and ${deadEnds.length} dead ends exceed count ${count}`);
  if ((outcome.kind === "stack") !== stacks > 0) throw new RangeError(`${at} stacks ${stacks} disagrees with kind ${outcome.kind}`);
  if (outcome.kind === "invalid" && (stacks !== 0 || deadEnds.length !== 0)) throw new RangeError(`${at} of an invalid prefix counts stacks or dead ends`);
  for (const p of deadEnds) if (!Number.isInteger(p) || p < 0 || p >= graph.packageCount) throw new RangeError(`${at} dead-end package ${p} is not a package of graph ${graph.hash}`);
  if (!Number.isFinite(leaf.rewardSum)) throw new RangeError(`${at} reward sum ${leaf.rewardSum} is not finite`);
  return leaf;
}
