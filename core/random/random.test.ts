import { describe, expect, it } from "vitest";
import { mulberry32, requestSeed } from "./index.js";

describe("mulberry32", () => {
  it("gives the published mulberry32 sequence for a seed, in [0, 1)", () => {
    const r = mulberry32(1);
    expect([r(), r(), r()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
    const s = mulberry32(2 ** 32 + 1);
    expect(s()).toBe(0.6270739405881613);
    const many = Array.from({ length: 10_000 }, mulberry32(42));
    expect(Math.min(...many)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...many)).toBeLessThan(1);
  });
});

describe("requestSeed", () => {
  it("splits a search seed into distinct 32-bit seeds per request, the same every time", () => {
    expect([requestSeed(0, 0), requestSeed(7, 3)]).toEqual([301794027, 3510281238]);
    const seeds = new Set(Array.from({ length: 10_000 }, (_, id) => requestSeed(5, id)));
    expect(seeds.size).toBe(10_000);
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
    expect(requestSeed(5, 1)).not.toBe(requestSeed(6, 1));
  });
});
