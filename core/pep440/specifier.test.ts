import { describe, expect, it } from "vitest";
import { filterVersions, formatSpecifierSet, parseSpecifier, parseSpecifierSet, parseVersion, specifierSetContains, type Version } from "./index.js";

function v(text: string): Version {
  const p = parseVersion(text);
  if (!p.ok) throw new Error(text);
  return p.value;
}

const probe = ["1.0", "1.0+l", "1.0.post1", "1.0a1", "0.9", "1.4.5.post1", "1.4.6", "1.5", "1.0.1"];

describe("specifier sets", () => {
  // Expected values from packaging 26.2: str(SpecifierSet(s)) and [x for x in probe if s.contains(Version(x))].
  const cases: [string, string, string[]][] = [
    ["~=v1.0", "~=v1.0", []],
    ["~=1.4.5.r1", "~=1.4.5.r1", ["1.4.5.post1"]],
    ["~=1.4.5c1", "~=1.4.5c1", ["1.4.5.post1"]],
    [">=1.0, <2, ==1.0.0, ==1.0", "<2,==1.0,>=1.0", ["1.0", "1.0+l"]],
    [" ,, ", "", probe],
    ["== 1.0.*", "==1.0.*", ["1.0", "1.0+l", "1.0.post1", "1.0a1", "1.0.1"]],
    ["<1.0", "<1.0", ["0.9"]],
    [">1.0", ">1.0", ["1.4.5.post1", "1.4.6", "1.5", "1.0.1"]],
    ["!=1.0+local", "!=1.0+local", probe],
  ];
  for (const [text, formatted, contained] of cases) {
    it(JSON.stringify(text), () => {
      const p = parseSpecifierSet(text);
      if (!p.ok) throw new Error(p.error.message);
      expect(formatSpecifierSet(p.value)).toBe(formatted);
      expect(probe.filter((x) => specifierSetContains(p.value, v(x)))).toEqual(contained);
    });
  }

  it("=== compares the canonical string", () => {
    const p = parseSpecifierSet("===1.0");
    if (!p.ok) throw new Error();
    expect(specifierSetContains(p.value, v("1.0"))).toBe(true);
    expect(specifierSetContains(p.value, v("1.0.0"))).toBe(false);
  });

  it("filter keeps pre-releases only when nothing final matches", () => {
    const p = parseSpecifierSet(">=1.0");
    if (!p.ok) throw new Error();
    const items = ["1.0a1", "1.1", "2.0b1"];
    expect(filterVersions(p.value, items, v)).toEqual(["1.1"]);
    expect(filterVersions(p.value, ["1.1a1", "2.0b1", "0.5"], v)).toEqual(["1.1a1", "2.0b1"]);
    expect(filterVersions(p.value, items, v, true)).toEqual(["1.1", "2.0b1"]);
    expect(filterVersions(p.value, ["1.1a1"], v, false)).toEqual([]);
  });

  it("reports bad clauses with a position inside the whole text", () => {
    const p = parseSpecifierSet(">=1.0, <2.x");
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.error.kind).toBe("specifier");
    expect(p.error.text).toBe(">=1.0, <2.x");
    expect(p.error.position).toBe(9);
    const q = parseSpecifier(">=1.0+local");
    expect(q.ok).toBe(false);
    if (!q.ok) expect(q.error.message).toMatch(/local/);
    const r = parseSpecifier("1.0");
    if (!r.ok) expect(r.error.message).toMatch(/operator/);
  });
});

describe("clause errors", () => {
  it("points at the offending character of an arbitrary-equality clause", () => {
    const p = parseSpecifier("===foo bar");
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.error.position).toBe(6);
  });
  it("rejects a wildcard on an ordered operator at the wildcard", () => {
    const p = parseSpecifier(">=1.0.*");
    expect(p.ok).toBe(false);
    if (!p.ok) {
      expect(p.error.position).toBe(5);
      expect(p.error.message).toMatch(/wildcard/);
    }
  });
  it("needs two release numbers for ~=", () => {
    const p = parseSpecifier("~=1");
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.error.message).toMatch(/two release numbers/);
  });
});
