import { PREFIX_INVALID, type RolloutKernel } from "./rollout-kernel.js";
import type { RolloutRequest, RolloutResult } from "./rollout-request.js";

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
  // The state's score is summed in pin order from 0 whatever ran on the kernel before, so a stack's
  // reward does not depend on which kernel, thread or worker ran it (round mode's determinism).
  return { kind: "stack", id: request.id, reward, pins: s.pins.slice(), path };
}
