import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildGraph, type PackageInput } from "../graph/build.js";
import { Exclusion, packageByName, type CompiledGraph } from "../graph/compiled-graph.js";
import { randomUniverse } from "../resolver/random-universe.js";
import { informedValues } from "./informed-values.js";

const dep = (target: string, allowed: string[]) => ({ target, allowed, spec: `${target} in ${allowed.join("|")}` });
const candidate = (g: CompiledGraph, name: string, version: string) => {
  const p = packageByName(g, name);
  return g.versionStart[p] + g.versions.slice(g.versionStart[p], g.versionStart[p + 1]).indexOf(version);
};

describe("informed values", () => {
  it("add to a candidate the best its optional dependencies can give, and the loss of restricting a package every stack installs", () => {
    const packages: PackageInput[] = [
      // lib 2.0 pulls in extra (best version +0.9); lib 1.0 pins core to its worst version.
      { name: "lib", versions: [{ version: "2.0", score: 0.1, deps: [dep("extra", ["1.0", "2.0"])] }, { version: "1.0", score: 0.3, deps: [dep("core", ["1.0"])] }] },
      { name: "extra", versions: [{ version: "2.0", score: 0.9, deps: [] }, { version: "1.0", score: -0.5, deps: [] }] },
      { name: "core", versions: [{ version: "2.0", score: 0, deps: [] }, { version: "1.0", score: -0.4, deps: [] }] },
      { name: "flat", versions: [{ version: "2.0", score: 0.5, deps: [] }, { version: "1.0", score: 0.5, deps: [] }] },
    ];
    const g = buildGraph({ root: [dep("lib", ["1.0", "2.0"]), dep("core", ["1.0", "2.0"]), dep("flat", ["1.0", "2.0"])], packages });
    const { lookahead, values, spread } = informedValues(g);
    expect(lookahead[candidate(g, "lib", "2.0")]).toBeCloseTo(0.1 + 0.9, 12);
    expect(lookahead[candidate(g, "lib", "1.0")]).toBeCloseTo(0.3 + (-0.4 - 0), 12);
    expect(values[candidate(g, "lib", "2.0")]).toBe(0);
    expect(values[candidate(g, "lib", "1.0")]).toBe(-1);
    expect(spread[packageByName(g, "lib")]).toBeCloseTo(1.1, 12);
    expect(values[candidate(g, "flat", "1.0")]).toBe(0);
    expect(values[candidate(g, "flat", "2.0")]).toBe(0);
    expect(values[candidate(g, "extra", "1.0")]).toBe(-1);
  });

  it("give -1 to a candidate no stack can hold (excluded, or a dependency with no usable version)", () => {
    const g = buildGraph({
      root: [dep("a", ["1.0", "2.0", "3.0"])],
      packages: [
        { name: "a", versions: [{ version: "3.0", exclusion: Exclusion.Yanked, score: 5, deps: [] }, { version: "2.0", score: 1, deps: [dep("b", ["1.0"])] }, { version: "1.0", score: 0, deps: [] }] },
        { name: "b", versions: [{ version: "2.0", deps: [] }, { version: "1.0", exclusion: Exclusion.RequiresPython, deps: [] }] },
      ],
    });
    const { lookahead, values } = informedValues(g);
    expect(lookahead[candidate(g, "a", "3.0")]).toBe(-Infinity);
    expect(lookahead[candidate(g, "a", "2.0")]).toBe(-Infinity);
    expect(values[candidate(g, "a", "2.0")]).toBe(-1);
    expect(values[candidate(g, "a", "1.0")]).toBe(0);
  });

  it("terminate on dependency cycles; every value is in [-1, 0] and each package with a usable candidate has one at 0", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 << 30 }), (seed) => {
        const base = buildGraph(randomUniverse(seed, { packages: 12, versions: 5, edgeProbability: 0.3, maskDensity: 0.6, exclusionProbability: 0.1, extras: 2, rootRequirements: 3, cycles: true }));
        const g = { ...base, score: Float64Array.from({ length: base.candidateCount }, (_, c) => Math.sin(seed + c)) };
        const { values, lookahead } = informedValues(g);
        for (let p = 0; p < g.packageCount; p++) {
          let top = -Infinity;
          for (let c = g.versionStart[p]; c < g.versionStart[p + 1]; c++) {
            expect(values[c]).toBeGreaterThanOrEqual(-1);
            expect(values[c]).toBeLessThanOrEqual(0);
            if (Number.isFinite(lookahead[c])) top = Math.max(top, values[c]);
          }
          if (top > -Infinity) expect(top).toBe(0);
        }
      }),
      { numRuns: 60, seed: 3 },
    );
  });
});
