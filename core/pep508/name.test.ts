import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isValidName, normalizeName } from "./name.js";

describe("normalizeName", () => {
  it("follows PEP 503", () => {
    expect(normalizeName("Foo.Bar__baz--Q")).toBe("foo-bar-baz-q");
    expect(normalizeName("requests")).toBe("requests");
    expect(normalizeName("a--b")).toBe("a-b");
  });
  it("is idempotent and equals the PEP 503 regular expression", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."aZ09-_.é".split("")) }), fc.string(), (a, b) => {
        for (const s of [a, b]) {
          const n = normalizeName(s);
          expect(normalizeName(n)).toBe(n);
          expect(n).toBe(s.toLowerCase().replace(/[-_.]+/g, "-"));
        }
      }),
    );
  });
});

describe("isValidName", () => {
  it("accepts core metadata names only", () => {
    expect(isValidName("zope.interface")).toBe(true);
    expect(isValidName("a")).toBe(true);
    expect(isValidName("-a")).toBe(false);
    expect(isValidName("a-")).toBe(false);
    expect(isValidName("")).toBe(false);
    expect(isValidName("a b")).toBe(false);
  });
});
