import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseMarker } from "./marker-parse.js";
import type { MarkerAtom, MarkerComparison, MarkerGroup, MarkerOperator, MarkerVariableName } from "./marker.js";
import { formatMarker } from "./marker-format.js";
import { normalizeName } from "./name.js";

const VARIABLES: MarkerVariableName[] = [
  "python_version", "python_full_version", "os_name", "sys_platform", "platform_release", "platform_system", "platform_version",
  "platform_machine", "platform_python_implementation", "implementation_name", "implementation_version", "extra", "extras",
  "dependency_groups",
];
const OPERATORS: MarkerOperator[] = ["===", "==", "~=", "!=", "<=", ">=", "<", ">", "in", "not in"];

/** Values that format and parse back unchanged: no `"`, no backslash, no line breaks, no NUL. */
const value = fc.string({ maxLength: 12 }).filter((s) => !/["\\\n\r\0]/.test(s));

const comparison: fc.Arbitrary<MarkerComparison> = fc
  .tuple(fc.constantFrom(...VARIABLES), fc.constantFrom(...OPERATORS), value, fc.boolean())
  .map(([name, op, v, variableFirst]) => {
    const s = name === "extra" ? normalizeName(v) : v;
    const variable = { kind: "variable" as const, name };
    const str = { kind: "string" as const, value: s };
    return variableFirst ? { kind: "compare", left: variable, op, right: str } : { kind: "compare", left: str, op, right: variable };
  });

/** Markers in the form parseMarker returns: nested groups hold two atoms or more. */
const { marker } = fc.letrec<{ marker: MarkerGroup; atom: MarkerAtom; nested: MarkerGroup }>((tie) => ({
  atom: fc.oneof({ depthSize: "small", withCrossShrink: true }, comparison, tie("nested")),
  nested: fc
    .tuple(fc.array(tie("atom"), { minLength: 2, maxLength: 4 }), fc.array(fc.constantFrom("and" as const, "or" as const), { minLength: 3, maxLength: 3 }))
    .map(([atoms, ops]) => ({ kind: "group", atoms, ops: ops.slice(0, atoms.length - 1) })),
  marker: fc.oneof(
    comparison.map((c): MarkerGroup => ({ kind: "group", atoms: [c], ops: [] })),
    tie("nested"),
  ),
}));



describe("marker format and parse", () => {
  it("parse(format(m)) is m", () => {
    fc.assert(
      fc.property(marker, (m) => {
        const text = formatMarker(m);
        const parsed = parseMarker(text);
        if (!parsed.ok) throw new Error(`${text}: ${parsed.error.message}`);
        expect(parsed.value).toEqual(m);
        expect(formatMarker(parsed.value)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
  it("reports bad input as a ParseError, never throws", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const parsed = parseMarker(text);
        if (!parsed.ok) expect(parsed.error.kind).toBe("marker");
      }),
    );
    const long = parseMarker('os_name == "a" or '.repeat(5000) + 'os_name == "b"');
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.error.message).toMatch(/longer than 65536/);
  });
});
