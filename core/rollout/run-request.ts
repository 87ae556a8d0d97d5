import { PREFIX_INVALID, type RolloutKernel } from "./rollout-kernel.js";
import type { RolloutRequest, RolloutResult } from "./rollout-request.js";
import { stackReward } from "./result-pins.js";

/** Executes one request on a kernel and copies out its result. */
export function runRequest(kernel: RolloutKernel, request: RolloutRequest): RolloutResult {
  const s = kernel.state;
  const g = kernel.graph;
  kernel.reset();
  const applied = kernel.applyPins(request.prefix);
  const reward = applied === PREFIX_INVALID ? kernel.deadEndReward : kernel.complete(request.policy, request.seed);
  const path = new Int32Array(s.depth);
  for (let i = 0; i < s.depth; i++) path[i] = g.versionStart[s.pinOrder[i]] + s.pins[s.pinOrder[i]];
  if (applied === PREFIX_INVALID) return { kind: "invalid", id: request.id, reward, path };
  if (s.deadEnd >= 0) return { kind: "dead-end", id: request.id, reward, package: s.deadEnd, depth: s.depth, path };
  // The reward summed again in pin order from 0: the kernel's running score carries rounding from
  // earlier requests (reset subtracts), and a stack's reward must not depend on which kernel, thread
  // or worker ran it (round mode's determinism).
  return { kind: "stack", id: request.id, reward: stackReward(g, path), pins: s.pins.slice(), path };
}
