import { describe, expect, it } from "vitest";
import { canonicalVersion } from "./canonical-version.js";
import { crc32 } from "./crc32.js";

describe("canonicalVersion", () => {
  it.each([
    ["1.0", "1.0"],
    ["v1.02", "1.2"],
    ["1.0-1", "1.0.post1"],
    ["1.0.RC1", "1.0rc1"],
    ["1.0alpha", "1.0a0"],
    ["1.0c2", "1.0rc2"],
    ["0!1.0.dev", "1.0.dev0"],
    ["2!1.0-r3.DEV4", "2!1.0.post3.dev4"],
    ["1.0+Ubuntu-1.007", "1.0+ubuntu.1.7"],
    ["1.0.x", null],
    ["", null],
  ])("%s → %s", (text, want) => expect(canonicalVersion(text)).toBe(want));
});

describe("crc32", () => {
  it("matches the check value", () => expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926));
});
