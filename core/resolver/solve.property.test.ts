import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { buildGraph } from "../graph/build.js";
import { type CompiledGraph, Exclusion, ROOT, hasBit, versionCount } from "../graph/compiled-graph.js";
import { PIN_OK, createState, nextAllowed, pin } from "../state/state.js";
import { createPackageOrder } from "./package-order.js";
import { randomUniverse } from "./random-universe.js";
import { highestScoreFirst } from "./preference.js";
import { solve } from "./solve.js";
import { isStack } from "../../test/support/stack-oracle.js";

/** Valid iff the root is pinned, no excluded candidate is pinned, and every pinned candidate's edges hold. */

/** Enumerates every assignment (a version or "not installed" per package), pruning on violated edges. */
function bruteForce(g: CompiledGraph): boolean {
  const P = g.packageCount;
  const pins = new Int32Array(P).fill(-1);
  const ok = (p: number): boolean => {
    // Edges between p and packages 0..p, both ways.
    for (let a = 0; a <= p; a++) {
      if (pins[a] < 0) continue;
      const c = g.versionStart[a] + pins[a];
      for (let e = g.edgeStart[c]; e < g.edgeStart[c + 1]; e++) {
        const q = g.edgeTarget[e];
        if ((a === p && q <= p) || (a < p && q === p)) {
          if (pins[q] < 0 || !hasBit(g.masks, g.edgeMask[e], pins[q])) return false;
        }
      }
    }
    return true;
  };
  const go = (p: number): boolean => {
    if (p === P) return true;
    for (let v = -1; v < versionCount(g, p); v++) {
      if (p === ROOT && v !== 0) continue;
      if (v >= 0 && g.exclusion[g.versionStart[p] + v] !== Exclusion.None) continue;
      pins[p] = v;
      if (ok(p) && go(p + 1)) return true;
    }
    pins[p] = -1;
    return false;
  };
  return go(0);
}

/** Greedy on the state space with the solver's package order and newest-first: pins or null on a dead end. */
function greedy(g: CompiledGraph): Int32Array | null {
  const s = createState(g);
  const order = createPackageOrder(g);
  const open = (p: number) => s.requiredBy[p] > 0 && s.pins[p] < 0;
  for (;;) {
    const best = order.next(s.pins, open);
    if (best < 0) return s.pins.slice();
    const v = nextAllowed(s, best, 0);
    if (v < 0) return null;
    if (pin(s, best, v) !== PIN_OK) return null;
  }
}

const universe = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  packages: fc.integer({ min: 1, max: 6 }),
  versions: fc.integer({ min: 1, max: 6 }),
  edgeProbability: fc.double({ min: 0.1, max: 0.6, noNaN: true }),
  maskDensity: fc.double({ min: 0.3, max: 0.95, noNaN: true }),
  exclusionProbability: fc.double({ min: 0, max: 0.3, noNaN: true }),
  extras: fc.integer({ min: 0, max: 1 }),
  rootRequirements: fc.integer({ min: 1, max: 4 }),
  cycles: fc.boolean(),
});

const harder = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  packages: fc.integer({ min: 6, max: 8 }),
  versions: fc.integer({ min: 3, max: 6 }),
  edgeProbability: fc.double({ min: 0.3, max: 0.7, noNaN: true }),
  maskDensity: fc.double({ min: 0.5, max: 0.9, noNaN: true }),
  exclusionProbability: fc.double({ min: 0, max: 0.2, noNaN: true }),
  extras: fc.integer({ min: 0, max: 2 }),
  rootRequirements: fc.integer({ min: 2, max: 5 }),
  cycles: fc.boolean(),
});

function check(u: Parameters<typeof randomUniverse>[1] & { seed: number }): void {
  const g = buildGraph(randomUniverse(u.seed, u));
  const r = solve(g);
  expect(r.status).not.toBe("limit");
  expect(r.satisfiable).toBe(bruteForce(g));
  if (r.status === "resolved") expect(isStack(g, r.pins)).toBe(true);
  else if (r.status === "unsatisfiable") {
    // The conclusion is the last sentence; only hint lines follow it.
    const conclusion = r.explanation.split("\n").filter((l) => !l.startsWith("hint: ")).at(-1) ?? "";
    expect(conclusion.endsWith("we can conclude that your requirements are unsatisfiable.")).toBe(true);
    expect(r.derivation.nodes[r.derivation.root].terms.every((t) => t.package === "<root>" && t.positive)).toBe(true);
  }
  const again = solve(g);
  expect(JSON.stringify(again, (_k, v) => (v instanceof Int32Array ? Array.from(v) : v))).toBe(
    JSON.stringify(r, (_k, v) => (v instanceof Int32Array ? Array.from(v) : v)),
  );
  // Another version preference explores differently but must agree on satisfiability and validity.
  const byScore = solve(g, { preference: highestScoreFirst });
  expect(byScore.satisfiable).toBe(r.satisfiable);
  if (byScore.status === "resolved") expect(isStack(g, byScore.pins)).toBe(true);
  // Without conflicts the solver is the greedy walk (same order, newest first), and conversely.
  const simple = greedy(g);
  expect(simple !== null).toBe(r.status === "resolved" && r.stats.conflicts === 0);
  if (simple !== null && r.status === "resolved") expect(Array.from(r.pins)).toEqual(Array.from(simple));
}

describe("solve (properties on random small universes)", () => {
  it("agrees with brute force, returns valid resolutions, is deterministic and greedy when greedy works", () => {
    fc.assert(fc.property(universe, check), { numRuns: 600 });
  });

  it("does the same on denser universes with more conflicts and learning", () => {
    let learned = 0;
    fc.assert(fc.property(harder, (u) => {
      check(u);
      if (solve(buildGraph(randomUniverse(u.seed, u))).stats.learned > 0) learned++;
    }), { numRuns: 300 });
    expect(learned).toBeGreaterThan(0);
  });
});
