import { describe, expect, it } from "vitest";
import { environmentFor } from "../pep508/index.js";
import { indexesFailure, parsePlatform, prereleasePolicy, validateResolveRequest } from "./index.js";

const ok = { requirements: ["flask"], indexes: ["/data/graph.json"] };
const refusal = (input: Parameters<typeof validateResolveRequest>[0]) => {
  const r = validateResolveRequest(input);
  return r.ok ? null : r.error;
};

describe("validateResolveRequest", () => {
  it("fills the defaults and computes the target's environment once", () => {
    expect(validateResolveRequest(ok)).toEqual({
      ok: true,
      value: {
        requirements: ["flask"], constraints: [], indexes: ["/data/graph.json"], offline: false, target: { python: "3.12", platform: "linux" },
        environment: environmentFor({ python: "3.12", platform: "linux" }), prereleases: "if-necessary", locked: null,
      },
    });
    const r = validateResolveRequest({ ...ok, python: "3.8.10", platform: "windows-arm64", prereleases: "allow", offline: true, constraints: ["x<2"] });
    expect(r.ok && r.value).toMatchObject({ target: { python: "3.8.10", platform: "windows", machine: "arm64" }, prereleases: "allow", offline: true, constraints: ["x<2"] });
    expect(r.ok && r.value.environment.platform_machine).toBe("ARM64");
  });

  it("refuses bad input naming the field and quoting the value", () => {
    expect(refusal({ ...ok, requirements: [] })).toEqual({ code: "invalid-argument", field: "requirements", message: "at least one requirement is needed" });
    expect(refusal({ ...ok, python: "three" })).toEqual({ code: "invalid-argument", field: "python", message: 'expected "X.Y" or "X.Y.Z" (e.g. "3.8.10"), got "three"' });
    expect(refusal({ ...ok, platform: "beos" })).toMatchObject({ field: "platform", message: expect.stringContaining('got "beos"') });
    expect(refusal({ ...ok, platform: "linux-x 86" })).toMatchObject({ field: "platform", message: expect.stringContaining('"x 86"') });
    expect(refusal({ ...ok, prereleases: "maybe" })).toEqual({
      code: "invalid-argument", field: "prereleases", message: 'expected if-necessary, explicit, allow, disallow, if-necessary-or-explicit, legacy-if-necessary, got "maybe"',
    });
    expect(refusal({ ...ok, indexes: [] })).toMatchObject({ field: "indexes", message: "give a snapshot path or an index URL" });
  });
});

describe("request parts", () => {
  it("indexes: one snapshot path or index URLs", () => {
    expect(indexesFailure(["https://a/simple", "https://b/simple"])).toBeNull();
    expect(indexesFailure(["/a.json"])).toBeNull();
    expect(indexesFailure(["/a.json", "https://b/simple"])?.message).toBe("give snapshot paths or index URLs, not both");
    expect(indexesFailure(["/a.json", "/b.json"])?.message).toBe("give one snapshot path (a file or a folder)");
  });

  it("platform: an operating system, optionally with a machine", () => {
    expect(parsePlatform("macos")).toEqual({ ok: true, value: { platform: "macos" } });
    expect(parsePlatform("linux-aarch64")).toEqual({ ok: true, value: { platform: "linux", machine: "aarch64" } });
    for (const bad of ["solaris", "linux-", "Linux", ""]) expect(parsePlatform(bad).ok, bad).toBe(false);
  });

  it("prerelease policy by name", () => {
    expect(prereleasePolicy("if-necessary")).toEqual({ ok: true, value: "if-necessary" });
    expect(prereleasePolicy("sometimes")).toMatchObject({ ok: false, error: { field: "prereleases" } });
  });
});
