import { describe, expect, it } from "vitest";
import { parseCoreMetadata } from "./core-metadata.js";
import { jsonApiUrl, parseJsonApiDocument } from "./json-api-document.js";
import { DEFAULT_LIMITS } from "./limits.js";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("core metadata", () => {
  it("reads Requires-Dist, Requires-Python and Provides-Extra, unfolding continuation lines", () => {
    const text = [
      "Metadata-Version: 2.1",
      "Name: Demo_Pkg",
      "Version: 1.0",
      "Requires-Python: >=3.6",
      "Requires-Dist: requests (>=2.0)",
      "Requires-Dist: pytest; extra ==",
      '\t"test"',
      "Provides-Extra: test",
      "Description-Content-Type: text/plain",
      "",
      "Requires-Dist: not-a-header-this-is-the-body",
    ].join("\r\n");
    expect(parseCoreMetadata(bytes(text), "demo-pkg", DEFAULT_LIMITS)).toEqual({
      ok: true,
      value: { requiresDist: ["requests (>=2.0)", 'pytest; extra == "test"'], requiresPython: ">=3.6", providesExtra: ["test"] },
    });
  });

  it("checks the Version header with PEP 440 equality when asked", () => {
    const meta = bytes("Name: demo\nVersion: 1.0.0\n");
    expect(parseCoreMetadata(meta, "demo", DEFAULT_LIMITS, "1.0").ok).toBe(true);
    expect(parseCoreMetadata(meta, "demo", DEFAULT_LIMITS, "1.1")).toMatchObject({ ok: false, error: expect.stringContaining('version "1.0.0", not "1.1"') });
  });

  it("rejects other projects, non-headers, bad UTF-8 and oversized input with a reason", () => {
    expect(parseCoreMetadata(bytes("Name: other\n"), "demo", DEFAULT_LIMITS)).toMatchObject({ ok: false, error: expect.stringContaining('"other"') });
    expect(parseCoreMetadata(bytes("Name: demo\nthis is no header\n"), "demo", DEFAULT_LIMITS)).toMatchObject({ ok: false, error: expect.stringContaining("line 2") });
    expect(parseCoreMetadata(new Uint8Array([0x4e, 0xff, 0xfe]), "demo", DEFAULT_LIMITS)).toMatchObject({ ok: false, error: expect.stringContaining("UTF-8") });
    expect(parseCoreMetadata(bytes("A: b\n".repeat(100)), "demo", { ...DEFAULT_LIMITS, maxMetadataBytes: 50 })).toMatchObject({ ok: false, error: expect.stringContaining("larger than 50") });
    expect(parseCoreMetadata(bytes(`Requires-Dist: ${"x".repeat(200)}\n`), "demo", { ...DEFAULT_LIMITS, maxHeaderChars: 100 })).toMatchObject({ ok: false, error: expect.stringContaining("longer than 100") });
  });
});

describe("JSON API documents", () => {
  it("finds the API beside the simple index", () => {
    expect(jsonApiUrl("https://pypi.org/simple/", "six", "1.0")).toBe("https://pypi.org/pypi/six/1.0/json");
    expect(jsonApiUrl("http://127.0.0.1:8080/root/simple", "six", "1.0")).toBe("http://127.0.0.1:8080/root/pypi/six/1.0/json");
  });

  it("reads info.requires_dist (null = none) and info.requires_python", () => {
    expect(parseJsonApiDocument(JSON.stringify({ info: { requires_dist: null, requires_python: "" } }), "u")).toEqual({ ok: true, value: { requiresDist: [], requiresPython: null, providesExtra: [] } });
    expect(parseJsonApiDocument(JSON.stringify({ info: { requires_dist: ["a>1"], requires_python: ">=3" } }), "u")).toMatchObject({ ok: true, value: { requiresDist: ["a>1"], requiresPython: ">=3" } });
    expect(parseJsonApiDocument(JSON.stringify({ info: { requires_dist: "a" } }), "u")).toMatchObject({ ok: false, error: expect.stringContaining("requires_dist") });
  });
});
