import { describe, expect, it } from "vitest";
import { batchSubject, isAdviseId, resultSubject } from "./subjects.js";

describe("subjects", () => {
  it("accepts one-token advise ids only", () => {
    expect(batchSubject("abc_1-2")).toBe("maat.batches.abc_1-2");
    expect(resultSubject("x")).toBe("maat.results.x");
    for (const bad of ["", "a.b", "a*", "a>", "a b"]) expect(isAdviseId(bad)).toBe(false);
    expect(() => batchSubject("a.b")).toThrow(RangeError);
    expect(() => resultSubject("x".repeat(129))).toThrow(/is not one subject token/);
    expect(isAdviseId("x".repeat(128))).toBe(true);
  });
});
