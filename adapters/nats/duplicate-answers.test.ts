import { describe, expect, it } from "vitest";
import { createDuplicateFilter } from "./duplicate-answers.js";

describe("duplicate results", () => {
  it("sees each batch id once per advise", () => {
    const f = createDuplicateFilter();
    expect(f.firstTime("a", 1)).toBe(true);
    expect(f.firstTime("a", 1)).toBe(false);
    expect(f.firstTime("b", 1)).toBe(true);
    expect(f.duplicates("a")).toBe(1);
    f.forget("a");
    expect(f.firstTime("a", 1)).toBe(true);
  });

  it("counts duplicates per advise, and forgetting one leaves the others", () => {
    const f = createDuplicateFilter();
    for (const id of [1, 2, 2, 2, 3]) f.firstTime("a", id);
    f.firstTime("b", 2);
    f.firstTime("b", 2);
    expect([f.duplicates("a"), f.duplicates("b"), f.duplicates("c")]).toEqual([2, 1, 0]);
    f.forget("b");
    expect([f.duplicates("a"), f.duplicates("b")]).toEqual([2, 0]);
    expect(f.firstTime("a", 3)).toBe(false);
  });
});
