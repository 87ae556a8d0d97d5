import { describe, expect, it } from "vitest";
import { memoryCatalog } from "./index.js";

describe("memoryCatalog", () => {
  const catalog = memoryCatalog({
    app: { "1.0": ["lib>=1"], "2.0": { requiresDist: ["lib>=2", "tool; extra == 'cli'"], providesExtra: ["cli"], requiresPython: ">=3.8" } },
    lib: { "1.0": [], "2.0": { yanked: true }, "3.0": { invalid: "bad METADATA" } },
  }, { offline: ["far"] });

  it("lists a project's releases and serves their metadata", async () => {
    expect(await catalog.versions("app")).toEqual({
      kind: "found",
      value: [
        { version: "1.0", requiresPython: null, yanked: false, yankedReason: null, uploadTime: null, hashes: {} },
        { version: "2.0", requiresPython: ">=3.8", yanked: false, yankedReason: null, uploadTime: null, hashes: {} },
      ],
    });
    expect(await catalog.metadata("app", "2.0")).toEqual({ kind: "found", value: { requiresDist: ["lib>=2", "tool; extra == 'cli'"], requiresPython: ">=3.8", providesExtra: ["cli"] } });
    expect(await catalog.metadata("app", "1.0")).toEqual({ kind: "found", value: { requiresDist: ["lib>=1"], requiresPython: null, providesExtra: [] } });
    expect((await catalog.versions("lib")).kind === "found" && (await catalog.versions("lib"))).toMatchObject({ value: [{}, { version: "2.0", yanked: true }, {}] });
  });

  it("answers not-found, invalid-metadata and offline as values", async () => {
    expect(await catalog.versions("nope")).toEqual({ kind: "not-found", name: "nope" });
    expect(await catalog.metadata("lib", "9.0")).toEqual({ kind: "not-found", name: "lib", version: "9.0" });
    expect(await catalog.metadata("lib", "3.0")).toEqual({ kind: "invalid-metadata", name: "lib", version: "3.0", reason: "bad METADATA" });
    expect(await catalog.versions("far")).toMatchObject({ kind: "offline" });
  });
});
