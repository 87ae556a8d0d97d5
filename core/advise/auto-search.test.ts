import { describe, expect, it } from "vitest";
import type { ScoredStack } from "../predictor/index.js";
import { AUTO_EXACT_NODES_PER_STACK, AUTO_EXACT_TIME_SHARE, autoSearch, type AutoPhases } from "./auto-search.js";
import type { Found } from "./found.js";

const stack = (score: number, ...pins: number[]): ScoredStack => ({ score, pins: Int32Array.from([0, ...pins]) });
const found = (change: Partial<Found>): Found => ({ top: [], stacks: 0, deadEnds: 0, bestAt: 0, optimal: false, gap: null, stopped: "budget", ...change });

interface Calls {
  exact: { maxNodes: number; deadline?: number }[];
  learn: { budget: number; starts: number[][]; offset: number }[];
  handedOver: number;
}

function phases(exact: Found, learned: Found, change: Partial<AutoPhases> = {}): { phases: AutoPhases; calls: Calls } {
  const calls: Calls = { exact: [], learn: [], handedOver: 0 };
  return {
    calls,
    phases: {
      budget: 1000, now: () => 100, learner: "mcts",
      exact: async (limits) => { calls.exact.push({ ...limits }); return exact; },
      learn: async (budget, starts, offset) => { calls.learn.push({ budget, starts: starts.map((s) => Array.from(s)), offset }); return learned; },
      onLearn: () => { calls.handedOver++; },
      ...change,
    },
  };
}

describe("autoSearch", () => {
  it("answers with exact's proof when it proves the optimum within its share of nodes, without the learner", async () => {
    const proof = found({ top: [stack(5, 1), stack(4, 2)], stacks: 7, optimal: true, gap: 0, stopped: "proven", upperBound: 5, nodes: 30 });
    const { phases: p, calls } = phases(proof, found({}));
    const r = await autoSearch(p);
    expect(r).toMatchObject({ optimal: true, gap: 0, stopped: "proven", upperBound: 5, nodes: 30, learner: null, stacks: 7 });
    expect(calls.exact).toEqual([{ maxNodes: 1000 * AUTO_EXACT_NODES_PER_STACK, deadline: undefined }]);
    expect(calls.learn).toEqual([]);
    expect(calls.handedOver).toBe(0);
  });

  it("hands the rest of the budget to the learner, seeded with exact's top stacks, and keeps exact's proven bound", async () => {
    const proof = found({ top: [stack(3, 1), stack(2, 2)], stacks: 40, deadEnds: 5, bestAt: 12, gap: 4, stopped: "budget", upperBound: 7, nodes: 1000 });
    const learned = found({ top: [stack(6, 3), stack(3, 1)], stacks: 960, deadEnds: 9, bestAt: 500, stopped: "budget" });
    const { phases: p, calls } = phases(proof, learned);
    const r = await autoSearch(p);
    expect(calls.learn).toEqual([{ budget: 960, starts: [[0, 1], [0, 2]], offset: 40 }]);
    expect(calls.handedOver).toBe(1);
    expect(r.top.map((s) => s.score)).toEqual([6, 3, 2]);
    expect(r).toMatchObject({ stacks: 1000, deadEnds: 14, bestAt: 540, optimal: false, gap: 1, upperBound: 7, nodes: 1000, learner: "mcts", stopped: "budget" });
  });

  it("calls the learner's stack optimal when it meets exact's bound, and keeps exact's best when the learner finds nothing better", async () => {
    const proof = found({ top: [stack(3, 1)], stacks: 10, bestAt: 4, stopped: "budget", upperBound: 6, nodes: 1000 });
    const meets = await autoSearch(phases(proof, found({ top: [stack(6, 2)], stacks: 990, bestAt: 7 })).phases);
    expect(meets).toMatchObject({ optimal: true, gap: 0 });
    const worse = await autoSearch(phases(proof, found({ top: [stack(2, 2)], stacks: 990, bestAt: 7 })).phases);
    expect(worse).toMatchObject({ optimal: false, gap: 3, bestAt: 4 });
    expect(worse.top[0].score).toBe(3);
  });

  it("gives exact its share of the time left, hands over when that share ends, and stops when the user interrupts the proof", async () => {
    let t = 100;
    const timedOut = found({ top: [stack(1, 1)], stacks: 3, stopped: "timeout", upperBound: 9, nodes: 50 });
    const shared = phases(timedOut, found({ top: [stack(2, 2)], stacks: 5 }), { now: () => t, deadline: 1100 });
    shared.phases = { ...shared.phases, exact: async (limits) => { shared.calls.exact.push({ ...limits }); t = limits.deadline!; return timedOut; } };
    const r = await autoSearch(shared.phases);
    expect(shared.calls.exact[0].deadline).toBe(100 + AUTO_EXACT_TIME_SHARE * 1000);
    expect(shared.calls.learn).toHaveLength(1);
    expect(r).toMatchObject({ learner: "mcts", gap: 7 });
    for (const stopped of ["interrupted", "eager-stop", "exhausted"] as const) {
      const { phases: p, calls } = phases(found({ top: [stack(1, 1)], stopped, upperBound: 9 }), found({}));
      expect(await autoSearch(p)).toMatchObject({ stopped, learner: null });
      expect(calls.learn).toEqual([]);
    }
  });
});
