import { requestSeed } from "../random/index.js";
import { PREFIX_INVALID, type RolloutKernel } from "./rollout-kernel.js";
import type { RolloutRequest, RolloutResult } from "./rollout-request.js";
import { judgedStack, type StackJudge } from "./stack-judge.js";

/** The largest `rollouts` a request may ask for (leaf parallelism). */
export const MAX_LEAF_ROLLOUTS = 1024;

/** The seed of a request's rollout i: the request's own for i = 0, then derived from it (deterministic). */
export function leafSeed(seed: number, i: number): number {
  return i === 0 ? seed : requestSeed(seed, i);
}

/** The verdict judge() writes into (one per thread: judging allocates nothing). */
const verdict = judgedStack();

/**
 * Executes one request on a kernel and copies out its result. A request for k > 1 rollouts runs
 * them in order with leafSeed(seed, i) and returns the one that stands for them (the best stack,
 * the first of equal rewards; else the first dead end) with their aggregate in `leaf`.
 *
 * With `judge` (the stack rules) every final stack is judged where it was found: its reward is the
 * static score plus the rules' score; a stack the rules reject is a dead end at the rejecting
 * package with reward judge.rejectedReward; the aggregate counts judged stacks and rewards; the
 * first eager stop a rollout's stack asks for (in rollout order) comes back as `stop`.
 */
export function runRequest(kernel: RolloutKernel, request: RolloutRequest, judge?: StackJudge): RolloutResult {
  const k = request.rollouts ?? 1;
  if (k === 1) return runOne(kernel, request, request.seed, judge);
  if (!Number.isInteger(k) || k < 1 || k > MAX_LEAF_ROLLOUTS) throw new RangeError(`request ${request.id}: rollouts must be an integer from 1 to ${MAX_LEAF_ROLLOUTS}, got ${k}`);
  let stand: RolloutResult | null = null;
  let stacks = 0;
  let rewardSum = 0;
  let stop = -1;
  const deadEnds: number[] = [];
  for (let i = 0; i < k; i++) {
    const r = runOne(kernel, request, leafSeed(request.seed, i), judge);
    if (stop < 0 && r.stop !== undefined) stop = r.stop;
    if (r.kind === "invalid") {
      // The prefix does not apply: every rollout would say so.
      return { ...r, leaf: { count: k, stacks: 0, rewardSum: 0, deadEnds: new Int32Array(0) } };
    }
    if (r.kind === "stack") {
      stacks++;
      rewardSum += r.reward;
      if (stand === null || stand.kind !== "stack" || r.reward > stand.reward) stand = r;
    } else {
      deadEnds.push(r.package);
      stand ??= r;
    }
  }
  const leaf = { count: k, stacks, rewardSum, deadEnds: Int32Array.from(deadEnds) };
  return stop < 0 ? { ...stand!, leaf } : { ...stand!, stop, leaf };
}

function runOne(kernel: RolloutKernel, request: RolloutRequest, seed: number, judge: StackJudge | undefined): RolloutResult {
  const s = kernel.state;
  const g = kernel.graph;
  kernel.reset();
  const applied = kernel.applyPins(request.prefix);
  const reward = applied === PREFIX_INVALID ? kernel.deadEndReward : kernel.complete(request.policy, seed);
  const path = new Int32Array(s.depth);
  for (let i = 0; i < s.depth; i++) path[i] = g.versionStart[s.pinOrder[i]] + s.pins[s.pinOrder[i]];
  if (applied === PREFIX_INVALID) return { kind: "invalid", id: request.id, reward, path };
  if (s.deadEnd >= 0) return { kind: "dead-end", id: request.id, reward, package: s.deadEnd, depth: s.depth, path };
  if (judge !== undefined) {
    judge.judgeStack(s.pins, verdict);
    if (!verdict.accepted) return { kind: "dead-end", id: request.id, reward: judge.rejectedReward, package: verdict.package, depth: s.depth, path };
    // reward + score, as stackRulesRunner adds them on the coordinator (the same double either way).
    const judged = verdict.score === 0 ? reward : reward + verdict.score;
    const stack = { kind: "stack" as const, id: request.id, reward: judged, pins: s.pins.slice(), path };
    return verdict.stop < 0 ? stack : { ...stack, stop: verdict.stop };
  }
  // The state's score is summed in pin order from 0 whatever ran on the kernel before, so a stack's
  // reward does not depend on which kernel, thread or worker ran it (round mode's determinism).
  return { kind: "stack", id: request.id, reward, pins: s.pins.slice(), path };
}
