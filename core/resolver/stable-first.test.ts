import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isStack } from "../../test/support/stack-oracle.js";
import { randomUniverse } from "./random-universe.js";
import { type GraphInput, buildGraph } from "../graph/build.js";
import { packageByName } from "../graph/compiled-graph.js";
import { highestScoreFirst, preferVersions } from "./preference.js";
import { solve, type SolveOptions } from "./solve.js";
import { solverGraphOf } from "./solver-graph.js";
import { prereleaseBits } from "./stable-first.js";

const dep = (target: string, allowed: string[], spec: string) => ({ target, allowed, spec });
const release = (version: string, deps: ReturnType<typeof dep>[] = [], score = 0) => ({ version, deps, score });

function resolved(input: GraphInput, options: SolveOptions = {}): Record<string, string> | string {
  const g = buildGraph(input);
  const r = solve(g, options);
  if (r.status !== "resolved") return r.status === "unsatisfiable" ? `unsatisfiable: ${r.explanation}` : "limit";
  const out: Record<string, string> = {};
  for (let p = 1; p < g.packageCount; p++) if (r.pins[p] >= 0) out[g.names[p]] = g.versions[g.versionStart[p] + r.pins[p]];
  return out;
}

const ifNecessary = { prereleases: "if-necessary" };

describe("the stable preference (uv 0.12's if-necessary)", () => {
  it("marks the prerelease versions of each package", () => {
    const g = buildGraph({ root: [dep("a", ["2.0b1"], "a")], packages: [{ name: "a", versions: [release("2.0b1"), release("1.1.dev3"), release("1.0.post1"), release("1.0")] }] });
    const a = packageByName(g, "a");
    let offset = 0;
    for (let p = 0; p < a; p++) offset += g.maskWords[p];
    expect(prereleaseBits(solverGraphOf(g))[offset]).toBe(0b0011);
  });

  it("picks the newest stable version over a newer prerelease, and the prerelease when asked to allow it", () => {
    const input: GraphInput = {
      root: [dep("a", ["2.0b1", "1.0"], "a")],
      packages: [{ name: "a", versions: [release("2.0b1"), release("1.0")] }],
      meta: ifNecessary,
    };
    expect(resolved(input)).toEqual({ a: "1.0" });
    // The graph's policy decides by default; the option overrides it (allow: plain version order).
    expect(resolved(input, { preferStable: false })).toEqual({ a: "2.0b1" });
    expect(resolved({ ...input, meta: { prereleases: "allow" } })).toEqual({ a: "2.0b1" });
    expect(resolved({ ...input, meta: {} }, { preferStable: true })).toEqual({ a: "1.0" });
  });

  it("honours a prerelease requirement met after a decision (no stable version fits it)", () => {
    // b is decided first (stable 1.0); a==1.0 then asks for c>=2.0b1, which only 2.0b1 meets.
    const input: GraphInput = {
      root: [dep("b", ["1.0"], "b"), dep("a", ["1.0"], "a")],
      packages: [
        { name: "a", versions: [release("1.0", [dep("c", ["2.0b1"], "c>=2.0b1")])] },
        { name: "b", versions: [release("1.0", [dep("c", ["2.0b1", "1.0"], "c")])] },
        { name: "c", versions: [release("2.0b1"), release("1.0")] },
      ],
      meta: ifNecessary,
    };
    expect(resolved(input)).toEqual({ a: "1.0", b: "1.0", c: "2.0b1" });
  });

  it("falls back to a prerelease once every stable version is rejected by a conflict", () => {
    // Every stable a needs d, which does not exist: only a==3.0rc1 is left.
    const input: GraphInput = {
      root: [dep("a", ["3.0rc1", "2.0", "1.0"], "a")],
      packages: [
        { name: "a", versions: [release("3.0rc1"), release("2.0", [dep("d", [], "d")]), release("1.0", [dep("d", [], "d")])] },
        { name: "d", versions: [] },
      ],
      meta: ifNecessary,
    };
    const r = solve(buildGraph(input));
    expect(r.status).toBe("resolved");
    expect(resolved(input)).toEqual({ a: "3.0rc1" });
    expect(r.stats.conflicts).toBeGreaterThan(0);
  });

  it("applies on top of any version preference: stable first, then the preference's order", () => {
    const input: GraphInput = {
      root: [dep("a", ["3.0a1", "2.0", "1.0"], "a")],
      packages: [{ name: "a", versions: [release("3.0a1", [], 9), release("2.0", [], 1), release("1.0", [], 5)] }],
      meta: ifNecessary,
    };
    expect(resolved(input, { preference: highestScoreFirst })).toEqual({ a: "1.0" });
    expect(resolved(input, { preference: highestScoreFirst, preferStable: false })).toEqual({ a: "3.0a1" });
    // A preference for the prerelease (a lock file pinning it) still comes after the stable versions.
    expect(resolved(input, { preference: preferVersions(new Map([[1, 0]])) })).toEqual({ a: "2.0" });
  });

  it("falls to the prereleases when the preference refuses every stable version", () => {
    const refuseStable = {
      name: "refuse-stable",
      choose: (_g: unknown, _p: number, allowed: Uint32Array, offset: number) => ((allowed[offset] & 1) !== 0 ? 0 : -1),
    };
    const input: GraphInput = {
      root: [dep("a", ["2.0b1", "1.0"], "a")],
      packages: [{ name: "a", versions: [release("2.0b1"), release("1.0")] }],
      meta: ifNecessary,
    };
    expect(resolved(input, { preference: refuseStable })).toEqual({ a: "2.0b1" });
  });

  it("on random universes with prereleases: same satisfiability as plain version order, valid stacks, and no prerelease where the stable answer of its package was open", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 << 30 }), fc.integer({ min: 2, max: 10 }), (seed, packages) => {
        const g = buildGraph(randomUniverse(seed, {
          packages, versions: 5, edgeProbability: 0.35, maskDensity: 0.5, exclusionProbability: 0.1, extras: 1, rootRequirements: 3, prereleaseProbability: 0.4,
        }));
        const stable = solve(g, { preferStable: true });
        const plain = solve(g, { preferStable: false });
        expect(stable.status).toBe(plain.status);
        if (stable.status !== "resolved") return;
        expect(isStack(g, stable.pins)).toBe(true);
        // Swapping one pinned prerelease for a stable version of the same package never gives a
        // stack (else the preference would have tried that version before the prerelease).
        for (let p = 1; p < g.packageCount; p++) {
          const v = stable.pins[p];
          if (v < 0 || !g.versions[g.versionStart[p] + v].endsWith("b1")) continue;
          for (let w = 0; w < g.versionStart[p + 1] - g.versionStart[p]; w++) {
            if (g.versions[g.versionStart[p] + w].endsWith("b1")) continue;
            const swapped = stable.pins.slice();
            swapped[p] = w;
            expect(isStack(g, swapped)).toBe(false);
          }
        }
      }),
      { numRuns: 500, seed: 12 },
    );
  });
});
