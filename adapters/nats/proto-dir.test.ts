import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findProtoDir } from "./proto-dir.js";

describe("findProtoDir", () => {
  it("finds the repository's proto/ above this module, and names where it looked when there is none", () => {
    expect(existsSync(join(findProtoDir(), "maat", "v1", "rollout.proto"))).toBe(true);
    expect(() => findProtoDir("/")).toThrow("proto/maat/v1/rollout.proto not found above /");
  });
});
