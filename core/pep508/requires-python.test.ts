import { describe, expect, it } from "vitest";
import { requiresPythonMatches } from "./requires-python.js";

describe("requiresPythonMatches", () => {
  it("admits what the specifier set contains", () => {
    expect(requiresPythonMatches(null, "3.8.10")).toEqual({ ok: true, value: true });
    expect(requiresPythonMatches(">=3.6, <4", "3.8.10")).toEqual({ ok: true, value: true });
    expect(requiresPythonMatches(">=3.9", "3.8.10")).toEqual({ ok: true, value: false });
    expect(requiresPythonMatches("!=3.0.*,!=3.1.*,>=2.7", "3.1.4")).toEqual({ ok: true, value: false });
    expect(requiresPythonMatches(">=3.12", "3.13.0rc1")).toEqual({ ok: true, value: true });
  });
  it("reports invalid text as a value", () => {
    const r = requiresPythonMatches(">=3.6.*", "3.8.10");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe("requires-python");
  });
});
