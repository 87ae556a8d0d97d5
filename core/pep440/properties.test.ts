import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareVersions, formatVersion, isPrerelease, makeVersion, parseSpecifier, parseVersion, specifierContains, type Version } from "./index.js";

const label = fc.constantFrom("a" as const, "b" as const, "rc" as const);
const small = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 1_000_000 }));
const localSegment = fc.oneof(fc.integer({ min: 0, max: 99 }), fc.stringMatching(/^[a-z][a-z0-9]{0,3}$/));

function versionArb(withLocal: boolean): fc.Arbitrary<Version> {
  return fc
    .record({
      epoch: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: small }),
      release: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 5 }),
      pre: fc.option(fc.record({ label, n: small }), { freq: 3 }),
      post: fc.option(small, { freq: 3 }),
      dev: fc.option(small, { freq: 3 }),
      local: withLocal ? fc.option(fc.array(localSegment, { minLength: 1, maxLength: 3 }), { freq: 3 }) : fc.constant(null),
    })
    .map((p) => makeVersion(p.epoch, p.release, p.pre, p.post, p.dev, p.local));
}

const anyVersion = versionArb(true);
const publicVersion = versionArb(false);

function parsed(text: string): Version {
  const p = parseVersion(text);
  if (!p.ok) throw new Error(`${text}: ${p.error.message}`);
  return p.value;
}

function spec(text: string) {
  const p = parseSpecifier(text);
  if (!p.ok) throw new Error(`${text}: ${p.error.message}`);
  return p.value;
}

describe("pep440 properties", () => {
  it("parse(format(v)) is the identity on the canonical form", () => {
    fc.assert(
      fc.property(anyVersion, (v) => {
        const again = parsed(formatVersion(v));
        expect(again).toEqual(v);
        expect(formatVersion(again)).toBe(formatVersion(v));
        expect(compareVersions(again, v)).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it("ordering is antisymmetric and reflexive", () => {
    fc.assert(
      fc.property(anyVersion, anyVersion, (a, b) => {
        expect(Math.sign(compareVersions(a, b))).toBe(-Math.sign(compareVersions(b, a)));
        expect(compareVersions(a, a)).toBe(0);
      }),
      { numRuns: 3000 },
    );
  });

  it("ordering is transitive (checked on sorted triples)", () => {
    fc.assert(
      fc.property(fc.array(anyVersion, { minLength: 3, maxLength: 12 }), (vs) => {
        const sorted = [...vs].sort(compareVersions);
        for (let i = 0; i < sorted.length; i++) {
          for (let j = i; j < sorted.length; j++) expect(compareVersions(sorted[i]!, sorted[j]!)).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("==, <=, >=, <, > membership agrees with the ordering", () => {
    fc.assert(
      fc.property(publicVersion, publicVersion, (a, b) => {
        const c = Math.sign(compareVersions(a, b));
        const t = formatVersion(b);
        expect(specifierContains(spec(`==${t}`), a)).toBe(c === 0);
        expect(specifierContains(spec(`!=${t}`), a)).toBe(c !== 0);
        expect(specifierContains(spec(`<=${t}`), a)).toBe(c <= 0);
        expect(specifierContains(spec(`>=${t}`), a)).toBe(c >= 0);
        const lt = specifierContains(spec(`<${t}`), a);
        if (lt) expect(c).toBe(-1);
        if (c < 0 && (isPrerelease(b) || !isPrerelease(a))) expect(lt).toBe(true);
        const gt = specifierContains(spec(`>${t}`), a);
        if (gt) expect(c).toBe(1);
        if (c > 0 && (a.post === null || b.post !== null)) expect(gt).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("a local label never changes == / >= / <= membership against a public specifier", () => {
    fc.assert(
      fc.property(publicVersion, publicVersion, fc.array(localSegment, { minLength: 1, maxLength: 2 }), (a, b, local) => {
        const withLocal = makeVersion(a.epoch, a.release, a.pre, a.post, a.dev, local);
        for (const op of ["==", ">=", "<="]) {
          const s = spec(`${op}${formatVersion(b)}`);
          expect(specifierContains(s, withLocal)).toBe(specifierContains(s, a));
        }
      }),
      { numRuns: 1000 },
    );
  });
});
