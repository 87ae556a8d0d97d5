import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { buildGraph } from "../graph/build.js";
import { type CompiledGraph, Exclusion, ROOT, hasBit, versionCount } from "../graph/compiled-graph.js";
import { randomUniverse } from "../resolver/random-universe.js";
import {
  PIN_OK, type State, cloneState, copyInto, createState, isAllowed, isFinal, nextAllowed, pin, popcount,
  propagateUnits, reset, undoTo, unresolvedPackages,
} from "./state.js";

const small = buildGraph({
  root: [{ target: "a", allowed: ["2", "1"], spec: "a" }],
  packages: [
    { name: "a", versions: [
      { version: "2", score: 1, deps: [{ target: "b", allowed: ["1"], spec: "b<2" }] },
      { version: "1", score: 0.5, deps: [] },
    ] },
    { name: "b", versions: [
      { version: "2", deps: [], exclusion: Exclusion.RequiresPython },
      { version: "1", deps: [], score: 0.25 },
    ] },
    { name: "c", versions: [] },
  ],
});

describe("state", () => {
  it("starts with only the root required and the initial domains", () => {
    const s = createState(small);
    expect(unresolvedPackages(s)).toEqual([ROOT]);
    expect(popcount(s, 2)).toBe(1);
    expect(isAllowed(s, 2, 0)).toBe(false);
    expect(isFinal(s)).toBe(false);
  });

  it("pins, narrows, scores and undoes", () => {
    const s = createState(small);
    expect(pin(s, ROOT, 0)).toBe(PIN_OK);
    expect(unresolvedPackages(s)).toEqual([1]);
    const mark = s.depth;
    expect(pin(s, 1, 0)).toBe(PIN_OK);
    expect(unresolvedPackages(s)).toEqual([2]);
    expect(s.score).toBe(1);
    expect(pin(s, 2, 1)).toBe(PIN_OK);
    expect(isFinal(s)).toBe(true);
    expect(s.score).toBe(1.25);
    undoTo(s, mark);
    expect(unresolvedPackages(s)).toEqual([1]);
    expect(s.score).toBe(0);
    expect(popcount(s, 1)).toBe(2);
  });

  it("forces single-version packages by unit propagation", () => {
    const s = createState(small);
    expect(propagateUnits(s)).toBe(PIN_OK);
    expect(s.pins[ROOT]).toBe(0);
    pin(s, 1, 0);
    expect(propagateUnits(s)).toBe(PIN_OK);
    expect(s.pins[2]).toBe(1);
    expect(isFinal(s)).toBe(true);
  });

  it("reports the package that emptied", () => {
    const g = buildGraph({
      root: [{ target: "a", allowed: ["1"], spec: "a" }, { target: "b", allowed: ["1"], spec: "b==1" }],
      packages: [
        { name: "a", versions: [{ version: "1", deps: [{ target: "b", allowed: ["2"], spec: "b==2" }] }] },
        { name: "b", versions: [{ version: "2", deps: [] }, { version: "1", deps: [] }] },
      ],
    });
    const s = createState(g);
    pin(s, ROOT, 0);
    expect(pin(s, 1, 0)).toBe(2);
    expect(s.deadEnd).toBe(2);
    expect(() => pin(s, 2, 0)).toThrow();
    undoTo(s, 1);
    expect(s.deadEnd).toBe(-1);
    expect(popcount(s, 2)).toBe(1);
  });

  it("keeps its invariants on random action sequences (against a naive recomputation)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 << 30 }), fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (seed, choices) => {
        const g = buildGraph(randomUniverse(seed, {
          packages: 6, versions: 40, edgeProbability: 0.4, maskDensity: 0.6, exclusionProbability: 0.2, extras: 1, rootRequirements: 3, cycles: true,
        }));
        const s = createState(g);
        const saved = createState(g);
        const marks: number[] = [];
        let savedPins: Int32Array | undefined;
        for (const k of choices) {
          const op = k % 7;
          if (op === 0 && marks.length > 0) {
            undoTo(s, marks.splice(k % marks.length)[0]);
          } else if (op === 1) {
            copyInto(saved, s);
            savedPins = s.pins.slice();
          } else if (op === 2 && savedPins) {
            copyInto(s, saved);
            marks.length = Math.min(marks.length, s.depth);
            expect(Array.from(s.pins)).toEqual(Array.from(savedPins));
          } else if (op === 3 && s.deadEnd < 0) {
            propagateUnits(s);
          } else if (s.deadEnd < 0) {
            const open = unresolvedPackages(s);
            if (open.length === 0) break;
            const p = open[k % open.length];
            const v = nextAllowed(s, p, k % Math.max(1, versionCount(g, p)));
            const first = v >= 0 ? v : nextAllowed(s, p, 0);
            if (first < 0) continue;
            marks.push(s.depth);
            pin(s, p, first);
          }
          checkInvariants(g, s);
        }
        reset(s);
        checkInvariants(g, s);
        checkInvariants(g, cloneState(s));
      }),
      { numRuns: 80 },
    );
  });
});

function checkInvariants(g: CompiledGraph, s: State): void {
  const P = g.packageCount;
  const required = new Int32Array(P);
  required[ROOT] = 1;
  const allowed: boolean[][] = [];
  for (let p = 0; p < P; p++) {
    allowed.push(Array.from({ length: versionCount(g, p) }, (_, i) => hasBit(g.masks, g.domainMask[p], i)));
  }
  let score = 0;
  for (let p = 0; p < P; p++) {
    const v = s.pins[p];
    if (v < 0) continue;
    const c = g.versionStart[p] + v;
    score += g.score[c];
    allowed[p] = allowed[p].map((a, i) => a && i === v);
    for (let e = g.edgeStart[c]; e < g.edgeStart[c + 1]; e++) {
      const q = g.edgeTarget[e];
      required[q]++;
      allowed[q] = allowed[q].map((a, i) => a && hasBit(g.masks, g.edgeMask[e], i));
    }
  }
  let unresolved = 0;
  let empty = false;
  for (let p = 0; p < P; p++) {
    expect(s.requiredBy[p]).toBe(required[p]);
    for (let i = 0; i < versionCount(g, p); i++) expect(isAllowed(s, p, i)).toBe(allowed[p][i]);
    if (required[p] > 0 && s.pins[p] < 0) unresolved++;
    if (required[p] > 0 && !allowed[p].some(Boolean)) empty = true;
  }
  expect(s.unresolvedCount).toBe(unresolved);
  expect(s.score).toBeCloseTo(score, 9);
  expect(s.deadEnd >= 0).toBe(empty);
  if (s.deadEnd >= 0) expect(popcount(s, s.deadEnd)).toBe(0);
}
