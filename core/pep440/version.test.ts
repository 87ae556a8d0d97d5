import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeParseError } from "../parse-error.js";
import { compareVersions, formatVersion, isCanonicalRelease, isPrerelease, parseVersion } from "./index.js";

function canonical(text: string): string | null {
  const p = parseVersion(text);
  return p.ok ? formatVersion(p.value) : null;
}

describe("parseVersion", () => {
  // Expected values are str(packaging.version.Version(text)) from packaging 26.2.
  const cases: [string, string | null][] = [
    ["1.0-1", "1.0.post1"],
    ["1.0.post", "1.0.post0"],
    ["v1.0", "1.0"],
    ["1.0alpha1", "1.0a1"],
    ["1.0-dev", "1.0.dev0"],
    [" 1.0RC1 ", "1.0rc1"],
    ["1.0+ubuntu_1.2-X", "1.0+ubuntu.1.2.x"],
    ["1!2.0.0", "1!2.0.0"],
    ["1.0a.dev", "1.0a0.dev0"],
    ["1.0.post-dev", "1.0.post0.dev0"],
    ["1.0-r", "1.0.post0"],
    ["1.0c1", "1.0rc1"],
    ["1.0pre", "1.0rc0"],
    ["1.0preview2", "1.0rc2"],
    ["01.002", "1.2"],
    ["1.0a-1", "1.0a1"],
    ["1.0.0-rc.1", "1.0.0rc1"],
    ["1.0+", null],
    ["1.0.x", null],
    ["", null],
    ["1..0", null],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} -> ${expected}`, () => expect(canonical(text)).toBe(expected));
  }

  it("reports the position and quotes the text", () => {
    const p = parseVersion("1.0.x");
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.error.kind).toBe("version");
    expect(p.error.position).toBe(3);
    expect(describeParseError(p.error)).toContain('"1.0.x"');
  });

  it("rejects numbers JavaScript cannot hold exactly, with a clear message", () => {
    const p = parseVersion("1.99999999999999999999");
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.error.message).toMatch(/larger than/);
  });

  it("orders as packaging does", () => {
    const ordered = ["1.0.dev0", "1.0a1.dev1", "1.0a1", "1.0a1.post1.dev1", "1.0a1.post1", "1.0b1", "1.0rc1", "1.0", "1.0+abc", "1.0+abc.1", "1.0+1", "1.0.post1.dev0", "1.0.post1", "1.0.1", "1!0.1"];
    const vs = ordered.map((t) => {
      const p = parseVersion(t);
      if (!p.ok) throw new Error(t);
      return p.value;
    });
    for (let i = 0; i < vs.length; i++) {
      for (let j = 0; j < vs.length; j++) expect(Math.sign(compareVersions(vs[i]!, vs[j]!))).toBe(Math.sign(i - j));
    }
    const a = parseVersion("1.0.0");
    const b = parseVersion("1");
    if (a.ok && b.ok) expect(compareVersions(a.value, b.value)).toBe(0);
  });

  it("compares hand-built versions too", () => {
    const p = parseVersion("3.8");
    if (!p.ok) throw new Error();
    const literal = { epoch: 0, release: [3, 8, 0], pre: null, post: null, dev: null, local: null };
    expect(compareVersions(literal, p.value)).toBe(0);
    expect(isPrerelease(literal)).toBe(false);
  });
});

describe("bare releases (parseVersion's fast path)", () => {
  const releases = fc.array(fc.oneof(fc.nat(20), fc.nat(), fc.integer({ min: 0, max: 999_999_999_999_999 })), { minLength: 1, maxLength: 5 });
  const padded = releases.chain((parts) => fc.tuple(fc.constant(parts), fc.array(fc.nat(2), { minLength: parts.length, maxLength: parts.length })));
  it("parse as the full grammar does (surrounding whitespace takes the full grammar)", () => {
    fc.assert(
      fc.property(padded, ([parts, zeros]) => {
        const text = parts.map((n, i) => "0".repeat(zeros[i]) + String(n)).join(".");
        const fast = parseVersion(text);
        const full = parseVersion(` ${text} `);
        expect(fast.ok && full.ok).toBe(true);
        if (fast.ok && full.ok) {
          expect(fast.value).toEqual(full.value);
          expect(compareVersions(fast.value, full.value)).toBe(0);
          expect(isCanonicalRelease(text)).toBe(formatVersion(fast.value) === text);
        }
      }),
    );
  });

  it("are canonical only without leading zeros or anything beside the numbers", () => {
    expect(["1.14.15", "0", "0.0.1", "2020.10"].map(isCanonicalRelease)).toEqual([true, true, true, true]);
    expect(["01.2", "1.02", "1.0a1", "v1.0", " 1.0", "1.0.post1", "1!1.0", "1.0+local", ""].map(isCanonicalRelease)).toEqual(Array(9).fill(false));
  });
});
