import { describe, expect, it } from "vitest";
import { isSyntaxFailure, parseMarkerSyntax, parseRequirementSyntax, type SyntaxFailure } from "./grammar.js";
import { formatMarker } from "./marker-format.js";
import { markerExtras } from "./marker-extras.js";

function failure(f: () => unknown): SyntaxFailure {
  try {
    f();
  } catch (e) {
    if (isSyntaxFailure(e)) return e;
    throw e;
  }
  throw new Error("expected a syntax failure");
}

describe("requirement grammar", () => {
  it("splits name, extras, specifier, url and marker", () => {
    const r = parseRequirementSyntax("Foo.Bar [ sec , x ] ( >= 1.0 , < 2 ) ; python_version < '3.8'");
    expect(r.name).toBe("Foo.Bar");
    expect(r.extras).toEqual(["sec", "x"]);
    expect(r.specifier).toBe(">= 1.0,< 2");
    expect(r.url).toBe("");
    expect(formatMarker(r.marker!)).toBe('python_version < "3.8"');
  });
  it("reads a URL and needs whitespace before the marker", () => {
    expect(parseRequirementSyntax("pip @ https://x/y.zip ; os_name == 'nt'").url).toBe("https://x/y.zip");
    expect(parseRequirementSyntax("pip @ https://x/y.zip;os_name=='nt'").url).toBe("https://x/y.zip;os_name=='nt'");
    expect(failure(() => parseRequirementSyntax("pip @ https://x/y.zip; os_name == 'nt'")).message).toBe(
      "Expected semicolon (after URL and whitespace) or end",
    );
  });
  it("reports packaging's messages", () => {
    expect(failure(() => parseRequirementSyntax("foo >= 1.0 bar")).message).toBe(
      "Expected comma (within version specifier), semicolon (after version specifier) or end",
    );
    expect(failure(() => parseRequirementSyntax("foo bar")).message).toBe("Expected semicolon (after name with no version specifier) or end");
    expect(failure(() => parseRequirementSyntax("foo >=1.0.*")).message).toBe(".* suffix can only be used with `==` or `!=` operators");
    expect(failure(() => parseRequirementSyntax("foo[a b]")).message).toBe("Expected comma between extra names");
    expect(failure(() => parseRequirementSyntax("")).message).toBe("Expected package name at the start of dependency specifier");
    expect(failure(() => parseRequirementSyntax("foo (>=1")).message).toBe(
      "Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after version specifier",
    );
  });
  it("accepts a final newline like Python's $", () => {
    expect(parseRequirementSyntax("foo\n").name).toBe("foo");
  });
});

describe("marker grammar", () => {
  it("normalizes aliases, quotes and parentheses", () => {
    expect(formatMarker(parseMarkerSyntax("os.name=='nt' and (python_implementation=='PyPy')"))).toBe(
      'os_name == "nt" and platform_python_implementation == "PyPy"',
    );
    expect(formatMarker(parseMarkerSyntax("(a in b) or ((c not  in d))".replace(/[abcd]/g, '"x"')))).toBe('"x" in "x" or "x" not in "x"');
  });
  it("keeps packaging's double-parenthesis quirk", () => {
    expect(formatMarker(parseMarkerSyntax('os_name == "a" and ((os_name == "b" or os_name == "c"))'))).toBe(
      'os_name == "a" and os_name == "b" or os_name == "c"',
    );
  });
  it("normalizes extra values and lists them", () => {
    const m = parseMarkerSyntax('extra == "Foo_Bar" or "X.Y" == extra or extra == "foo-bar"');
    expect(formatMarker(m)).toBe('extra == "foo-bar" or "x-y" == extra or extra == "foo-bar"');
    expect(markerExtras(m)).toEqual(["foo-bar", "x-y"]);
  });
  it("decodes Python escapes", () => {
    expect(formatMarker(parseMarkerSyntax('os_name == "a\\x41\\n"'))).toBe('os_name == "aA\n"');
    expect(failure(() => parseMarkerSyntax("os_name == '\\'")).message).toMatch(/Invalid string literal/);
  });
  it("rejects deep nesting instead of overflowing the stack", () => {
    const deep = "(".repeat(5000) + 'os_name == "a"' + ")".repeat(5000);
    expect(failure(() => parseMarkerSyntax(deep)).message).toMatch(/nested deeper than 100/);
    const ok = "(".repeat(100) + 'os_name == "a"' + ")".repeat(100);
    expect(formatMarker(parseMarkerSyntax(ok))).toBe('os_name == "a"');
  });
  it("needs word boundaries around keywords", () => {
    expect(failure(() => parseMarkerSyntax('os_name == "a" andos_name == "b"')).message).toBe("Expected end of marker expression");
    expect(failure(() => parseMarkerSyntax('"a" notin os_name')).message).toMatch(/Expected marker operator/);
  });
});
