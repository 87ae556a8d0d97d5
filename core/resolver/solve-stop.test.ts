import { describe, expect, it } from "vitest";
import { buildGraph } from "../graph/build.js";
import { pigeonhole } from "./pigeonhole.test-support.js";
import { randomUniverse } from "./random-universe.js";
import { solve, solveInTurns, STOP_CHECK_INTERVAL } from "./solve.js";

describe("solve with shouldStop", () => {
  const g = buildGraph(pigeonhole(6));
  const full = solve(g);

  it("the pigeonhole graph is unsatisfiable after many conflicts (the case a stop check is for)", () => {
    expect(full.status).toBe("unsatisfiable");
    expect(full.stats.conflicts).toBeGreaterThan(100);
  });

  it("a check that never says stop changes nothing, and is asked once per STOP_CHECK_INTERVAL steps of work", () => {
    let asked = 0;
    const r = solve(g, { shouldStop: () => (asked++, false) });
    expect(r.status).toBe("unsatisfiable");
    expect(r.stats).toEqual(full.stats);
    // Every propagation and decision is at least one step of work; every step visits at most all the incompatibilities.
    expect(asked).toBeGreaterThanOrEqual(Math.floor((full.stats.propagations + full.stats.decisions) / STOP_CHECK_INTERVAL));
    expect(asked).toBeLessThan(full.stats.propagations);
  });

  it("stops with status limit, limit stopped, at the first check that says stop", () => {
    let asked = 0;
    const r = solve(g, { shouldStop: () => ++asked >= 3 });
    expect(r).toMatchObject({ status: "limit", satisfiable: undefined, limit: "stopped" });
    expect(asked).toBe(3);
    expect(r.stats.propagations + r.stats.decisions).toBeLessThanOrEqual(3 * STOP_CHECK_INTERVAL);
    expect(r.stats.conflicts).toBeLessThan(full.stats.conflicts);
  });

  it("the conflict limit stays a limit of kind conflicts", () => {
    expect(solve(g, { maxConflicts: 10, shouldStop: () => false })).toMatchObject({ status: "limit", limit: "conflicts" });
  });
});

describe("solveInTurns", () => {
  /** A clock that advances 1 ms per reading, and a pause that counts. */
  function turns(turnMs: number) {
    let t = 0;
    const seen = { pauses: 0 };
    return { seen, options: { now: () => t++, pause: () => { seen.pauses++; return Promise.resolve(); }, turnMs } };
  }

  it("pauses between turns and gives solve's answer and statistics", async () => {
    const g = buildGraph(pigeonhole(6));
    const { seen, options } = turns(5);
    const r = await solveInTurns(g, options);
    const direct = solve(g);
    expect(r.status).toBe("unsatisfiable");
    expect(r.stats).toEqual(direct.stats);
    expect(seen.pauses).toBeGreaterThan(0);
    if (r.status === "unsatisfiable" && direct.status === "unsatisfiable") expect(r.explanation).toBe(direct.explanation);
  });

  it("finds the same pins as solve on random universes", async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const g = buildGraph(randomUniverse(seed, { packages: 60, versions: 8, edgeProbability: 0.05, maskDensity: 0.6, exclusionProbability: 0.05, extras: 2, rootRequirements: 6, missingProbability: 0 }));
      const direct = solve(g);
      const r = await solveInTurns(g, turns(0).options);
      expect(r.status).toBe(direct.status);
      expect(r.stats).toEqual(direct.stats);
      if (r.status === "resolved" && direct.status === "resolved") expect(Array.from(r.pins)).toEqual(Array.from(direct.pins));
    }
  });

  it("stops through shouldStop between turns", async () => {
    const g = buildGraph(pigeonhole(6));
    let pauses = 0;
    const r = await solveInTurns(g, { now: () => 0, turnMs: -1, pause: () => { pauses++; return Promise.resolve(); }, shouldStop: () => pauses >= 2 });
    expect(r).toMatchObject({ status: "limit", limit: "stopped" });
  });
});
