import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildGraph, type GraphInput } from "../graph/build.js";
import { type CompiledGraph, Exclusion, maskIndices, packageByName } from "../graph/compiled-graph.js";
import { randomUniverse } from "../resolver/random-universe.js";
import { solve } from "../resolver/solve.js";
import { searchGraph } from "./search-graph.js";

const dep = (target: string, allowed: string[], spec: string) => ({ target, allowed, spec });
const release = (version: string, deps: ReturnType<typeof dep>[] = []) => ({ version, deps });
const domainOf = (g: CompiledGraph, name: string) => {
  const p = packageByName(g, name);
  return maskIndices(g, p, g.domainMask[p]).map((i) => g.versions[g.versionStart[p] + i]);
};

describe("searchGraph", () => {
  it("returns the graph itself under policies without a stable preference", () => {
    const g = buildGraph({ root: [dep("a", ["2.0b1"], "a")], packages: [{ name: "a", versions: [release("2.0b1"), release("1.0")] }], meta: { prereleases: "allow" } });
    expect(searchGraph(g)).toBe(g);
  });

  it("keeps the prereleases a requirement needs or a package has only, and excludes the others", () => {
    const g = buildGraph({
      root: [dep("r", ["1.0"], "r")],
      packages: [
        { name: "r", versions: [release("1.0", [dep("a", ["2.0b1", "1.0"], "a"), dep("c", ["2.0b1"], "c>=2.0b1"), dep("d", ["1.0a1"], "d")])] },
        { name: "a", versions: [release("2.0b1"), release("1.0")] },
        { name: "c", versions: [release("2.0b1"), release("1.0")] },
        { name: "d", versions: [release("1.0a1")] },
      ],
      meta: { prereleases: "if-necessary" },
    });
    const s = searchGraph(g);
    expect(domainOf(s, "a")).toEqual(["1.0"]);
    expect(s.exclusion[s.versionStart[packageByName(s, "a")]]).toBe(Exclusion.Prerelease);
    expect(domainOf(s, "c")).toEqual(["2.0b1", "1.0"]);
    expect(domainOf(s, "d")).toEqual(["1.0a1"]);
    expect(s.hash).not.toBe(g.hash);
    expect(domainOf(g, "a")).toEqual(["2.0b1", "1.0"]);
  });

  it("keeps a prerelease the resolver needs once a conflict rules every stable version out", () => {
    // a==2.5 needs c==2.5, which e==1.0 forbids, and e==4.0 needs a c that does not exist: only
    // a==3.6b1 is left, which no single requirement asks for.
    const input: GraphInput = {
      root: [dep("e", ["4.0", "1.0"], "e!=2.5"), dep("a", ["3.6b1", "2.5"], "a>=2.5")],
      packages: [
        { name: "a", versions: [release("3.6b1"), release("2.5", [dep("c", ["2.5"], "c==2.5")])] },
        { name: "c", versions: [release("3.6b1"), release("3.5"), release("2.5")] },
        { name: "e", versions: [release("4.0", [dep("c", [], "c==2.0b1")]), release("1.0", [dep("c", ["3.6b1", "3.5"], "c!=2.5")])] },
      ],
      meta: { prereleases: "if-necessary" },
    };
    const g = buildGraph(input);
    const r = solve(g);
    expect(r.status).toBe("resolved");
    const s = searchGraph(g);
    expect(domainOf(s, "a")).toEqual(["3.6b1", "2.5"]);
    expect(domainOf(s, "c")).toEqual(["3.5", "2.5"]);
    const again = solve(s);
    expect(again.status === "resolved" && [...again.pins]).toEqual(r.status === "resolved" && [...r.pins]);
  });

  it("on random universes: a subset of the graph, prereleases cut only beside a usable stable version, the resolver's answer unchanged", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 << 30 }), fc.integer({ min: 2, max: 10 }), fc.double({ min: 0.1, max: 0.6, noNaN: true }), (seed, packages, pre) => {
        const input = randomUniverse(seed, {
          packages, versions: 5, edgeProbability: 0.35, maskDensity: 0.5, exclusionProbability: 0.1, extras: 1, rootRequirements: 3,
          prereleaseProbability: pre,
        });
        const g = buildGraph({ ...input, meta: { prereleases: "if-necessary" } });
        const s = searchGraph(g);
        for (let c = 0; c < g.candidateCount; c++) {
          if (g.exclusion[c] !== Exclusion.None) expect(s.exclusion[c]).toBe(g.exclusion[c]);
          else if (s.exclusion[c] !== Exclusion.None) {
            expect(s.exclusion[c]).toBe(Exclusion.Prerelease);
            expect(g.versions[c]).toMatch(/b1$/);
            const p = g.packageOf[c];
            expect(domainOf(s, g.names[p]).some((v) => !v.endsWith("b1"))).toBe(true);
          }
        }
        const full = solve(g);
        const narrowed = solve(s);
        expect(narrowed.status).toBe(full.status);
        if (full.status === "resolved" && narrowed.status === "resolved") expect([...narrowed.pins]).toEqual([...full.pins]);
      }),
      { numRuns: 400, seed: 18 },
    );
  });
});
