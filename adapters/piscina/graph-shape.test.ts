import { describe, expect, it } from "vitest";
import { type CompiledGraph, buildGraph } from "../../core/graph/index.js";
import { randomUniverse } from "../../core/resolver/index.js";
import { graphShapeError } from "./graph-shape.js";

const graph = (seed: number): CompiledGraph =>
  buildGraph(randomUniverse(seed, { packages: 12, versions: 40, edgeProbability: 0.3, maskDensity: 0.6, exclusionProbability: 0.1, extras: 2, rootRequirements: 3 }));

describe("graphShapeError", () => {
  it("accepts compiled graphs", () => {
    for (let seed = 1; seed <= 20; seed++) expect(graphShapeError(graph(seed))).toBeNull();
  });

  it("names the field that disagrees", () => {
    const g = graph(3);
    expect(graphShapeError({ ...g, score: g.score.subarray(1) })).toBe(`score has ${g.candidateCount - 1} entries, expected ${g.candidateCount} (packageCount ${g.packageCount}, candidateCount ${g.candidateCount})`);
    expect(graphShapeError({ ...g, packageCount: 0 })).toBe("packageCount is 0");
    const edgeTarget = g.edgeTarget.slice();
    edgeTarget[0] = g.packageCount;
    expect(graphShapeError({ ...g, edgeTarget })).toBe(`edgeTarget[0] = ${g.packageCount} is not a package`);
    const domainMask = g.domainMask.slice();
    domainMask[1] = g.masks.length;
    expect(graphShapeError({ ...g, domainMask })).toBe(`domainMask[1] = ${g.masks.length} is outside masks (${g.masks.length} words)`);
    const maskWords = g.maskWords.slice();
    maskWords[1] = 0;
    expect(graphShapeError({ ...g, maskWords })).toBe("maskWords[1] = 0 is too small");
  });
});
