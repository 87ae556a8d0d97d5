import { describe, expect, it } from "vitest";
import { randomScores } from "./random-scores.js";

describe("randomScores", () => {
  it("is uniform-looking in [-1, 1], the same for the same seed and another for another seed", () => {
    const a = randomScores(1), b = randomScores(1), c = randomScores(2);
    const values = Array.from({ length: 2000 }, (_, i) => a("pkg", `1.${i}`));
    expect(values.every((v) => v >= -1 && v <= 1)).toBe(true);
    expect(Math.abs(values.reduce((s, v) => s + v, 0) / values.length)).toBeLessThan(0.1);
    expect(values.filter((v) => v > 0.5).length).toBeGreaterThan(400);
    expect(b("pkg", "1.7")).toBe(a("pkg", "1.7"));
    expect(c("pkg", "1.7")).not.toBe(a("pkg", "1.7"));
    expect(a("pkg", "1.7")).not.toBe(a("other", "1.7"));
  });
});
