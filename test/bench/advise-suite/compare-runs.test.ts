import { describe, expect, it } from "vitest";
import { compareRuns, comparisonMarkdown, type Run } from "./compare-runs.js";
import type { InstanceResult } from "./run-suite.js";

const instance = (bests: readonly number[], reference: number, proven: boolean): InstanceResult => ({
  request: "r", objective: "o", description: "", weights: {}, packages: 3, candidates: 9, additive: true, rules: 0, latest: 0,
  reference: { score: reference, proven, bound: null, exact: { status: proven ? "optimal" : "limit", nodes: 1, ms: 1, relaxed: false } },
  cells: bests.map((best, i) => ({ build: "after", predictor: "mcts", budget: 100, seed: i + 1, best, stacks: 100, deadEnds: 0, ms: 1 })),
});

describe("compareRuns", () => {
  it("regret to the best known of every run, loss against the first run in % of the reference, gap closed, runs below latest", () => {
    const runs: Run[] = [
      { label: "base", instances: [instance([10, 9, 8], 9.5, false)] },
      { label: "other", instances: [instance([9, 8, -1], 9.5, false)] },
    ];
    const c = compareRuns(runs);
    // The reference is the best stack any run found (10, from the baseline's cells), not proven.
    expect(c.references).toEqual([{ instance: "r o", score: 10, proven: false, latest: 0 }]);
    expect(c.instances[0].runs[0]).toEqual({ median: 1, worst: 2, loss: 0 });
    expect(c.instances[0].runs[1]).toEqual({ median: 2, worst: 11, loss: 10 });
    const other = c.summary.find((s) => s.label === "other")!;
    expect(other.worstLoss).toBeCloseTo(10);
    expect(other.worstSeedLoss).toBeCloseTo(90);
    expect(other.belowLatest).toBe(1);
    expect(other.gapClosed).toBeCloseTo((0.9 + 0.8 - 0.1) / 3);
    expect(comparisonMarkdown(runs, c)).toContain("| r o | mcts | 1.00 / 2.00 | 2.00 / 11.0 |");
  });

  it("counts the stacks of a reference run toward the reference only", () => {
    const c = compareRuns([{ label: "a", instances: [instance([5, 4], 5, false)] }], [{ label: "full", instances: [instance([6], 6, false)] }]);
    expect(c.references[0].score).toBe(6);
    expect(c.summary.map((s) => s.label)).toEqual(["a"]);
    expect(c.instances[0].runs).toEqual([{ median: 1.5, worst: 2, loss: 0 }]);
  });

  it("marks the reference proven when a run's exact proved the additive optimum", () => {
    const c = compareRuns([{ label: "a", instances: [instance([5], 5, true)] }]);
    expect(c.references[0].proven).toBe(true);
    expect(c.summary[0]).toMatchObject({ worstLoss: 0, gapClosed: 1, belowLatest: 0, runs: 1 });
  });
});
