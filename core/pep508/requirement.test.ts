import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatSpecifierSet, parseSpecifierSet } from "../pep440/index.js";
import { formatMarker } from "./marker-format.js";
import { parseMarker } from "./marker-parse.js";
import { formatRequirement, parseRequirement, type Requirement } from "./requirement.js";

function parsed(text: string): Requirement {
  const r = parseRequirement(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.value;
}

describe("parseRequirement", () => {
  it("reads every part and formats like packaging", () => {
    const r = parsed("Foo.Bar [sec,x,sec] ( >= 1.0 , < 2 ) ; python_version < '3.8'");
    expect(r.name).toBe("Foo.Bar");
    expect(r.extras).toEqual(["sec", "x"]);
    expect(formatSpecifierSet(r.specifier)).toBe("<2,>=1.0");
    expect(r.url).toBeNull();
    expect(formatMarker(r.marker!)).toBe('python_version < "3.8"');
    expect(formatRequirement(r)).toBe('Foo.Bar[sec,x]<2,>=1.0; python_version < "3.8"');
    expect(formatRequirement(parsed("pip @ https://x/p.whl ; os_name=='nt'"))).toBe('pip @ https://x/p.whl ; os_name == "nt"');
  });
  it("reports errors with packaging's message and a position", () => {
    const r = parseRequirement("foo >= 1.0 bar");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ kind: "requirement", text: "foo >= 1.0 bar", position: 11 });
      expect(r.error.message).toBe("Expected comma (within version specifier), semicolon (after version specifier) or end");
    }
    const long = parseRequirement("a" + " ".repeat(70_000));
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.error.message).toMatch(/longer than 65536/);
    const deep = parseRequirement("a; " + "(".repeat(10_000));
    expect(deep.ok).toBe(false);
    if (!deep.ok) expect(deep.error.message).toMatch(/nested deeper than 100/);
  });
  it("never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60, unit: fc.constantFrom(..."ab1 ;@[](),=<>~!.*'\"\\\textrasnoid".split("")) }), (text) => {
        const r = parseRequirement(text);
        if (!r.ok) expect(r.error.kind).toBe("requirement");
      }),
      { numRuns: 2000 },
    );
  });
});

const identifier = fc.stringMatching(/^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,8}[A-Za-z0-9])?$/);
const specifierText = fc
  .array(fc.constantFrom(">=1.0", "<2", "==1.4.*", "!=1.5", "~=2.2", "===foo", ">0.1a1", "<=3.0.post1", "==1.0+local"), { maxLength: 3 })
  .map((xs) => [...new Set(xs)].join(","));
const markerText = fc.constantFrom(
  'python_version < "3.8"', 'extra == "test"', 'os_name == "nt" and (sys_platform == "win32" or platform_machine == "AMD64")',
  '"linux" in sys_platform or python_full_version >= "3.8.1"',
);

const requirement: fc.Arbitrary<Requirement> = fc
  .record({
    name: identifier,
    extras: fc.uniqueArray(identifier, { maxLength: 3 }).map((xs) => [...xs].sort()),
    spec: specifierText,
    url: fc.option(fc.constantFrom("https://example.org/p-1.0.tar.gz", "git+https://example.org/p.git@v1#egg=p", "file:///tmp/p.whl")),
    marker: fc.option(markerText),
  })
  .map(({ name, extras, spec, url, marker }) => {
    const specifier = parseSpecifierSet(url === null ? spec : "");
    const m = marker === null ? null : parseMarker(marker);
    if (!specifier.ok || (m !== null && !m.ok)) throw new Error("bad arbitrary");
    return { name, extras, specifier: specifier.value, url, marker: m === null ? null : m.ok ? m.value : null };
  });

describe("formatRequirement and parseRequirement", () => {
  it("parse(format(r)) is r", () => {
    fc.assert(
      fc.property(requirement, (r) => {
        const text = formatRequirement(r);
        const back = parsed(text);
        expect(back.name).toBe(r.name);
        expect(back.extras).toEqual(r.extras);
        expect(back.url).toBe(r.url);
        expect(back.marker).toEqual(r.marker);
        expect(formatSpecifierSet(back.specifier)).toBe(formatSpecifierSet(r.specifier));
        expect(formatRequirement(back)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
