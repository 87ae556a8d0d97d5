import { describe, expect, it } from "vitest";
import type { Advisory } from "../advisory/index.js";
import { auditLock, fixedVersions, stackDiff, updateObjective, updateScales } from "./index.js";

const advisory = (id: string, name: string, introduced: string, fixed: string, aliases: string[] = []): Advisory => ({
  id, aliases, summary: `${name} bug`, link: `https://example.org/${id}`, severity: [],
  affected: [{ name, versions: [], ranges: [
    { type: "ECOSYSTEM", events: [{ introduced }, { fixed }] },
    { type: "GIT", events: [{ introduced: "0" }, { fixed: "abc123" }] },
  ] }],
});
const advisories = new Map([["lib", [advisory("A-1", "lib", "0", "1.2", ["CVE-1"]), advisory("A-2", "lib", "1.0", "1.4")]]]);

describe("lock audit", () => {
  it("lists each pin's advisories with aliases, ECOSYSTEM fixed versions and links", () => {
    expect(fixedVersions(advisories.get("lib")![0]!, "lib")).toEqual(["1.2"]);
    expect(auditLock({ lib: "1.1", other: "1" }, advisories)).toEqual([
      { package: "lib", version: "1.1", advisories: [
        { id: "A-1", aliases: ["CVE-1"], summary: "lib bug", fixed: ["1.2"], link: "https://example.org/A-1" },
        { id: "A-2", aliases: [], summary: "lib bug", fixed: ["1.4"], link: "https://example.org/A-2" },
      ] },
      { package: "other", version: "1", advisories: [] },
    ]);
  });
});

describe("the smallest safe update's objective", () => {
  const releases = new Map([["lib", ["1.0", "1.1", "1.2", "1.3", "1.4", "2.0"]], ["dep", ["1", "2", "3"]], ["new", ["1", "2"]]]);
  const scales = updateScales(3, 7);
  const table = updateObjective(releases, { lib: "1.1", dep: "1" }, advisories, scales);
  const total = (stack: Record<string, string>) => Object.entries(stack).reduce((s, [n, v]) => s + table.get(n)!.get(v)!, 0);
  it("ranks fewer advisories first, then fewer changes, then smaller moves", () => {
    expect(table.get("lib")!.get("1.1")).toBe(-2 * scales.advisory);
    // fewer advisories beats any number of changes
    expect(total({ lib: "1.4", dep: "3", new: "2" })).toBeGreaterThan(total({ lib: "1.2", dep: "1" }));
    // with equal advisories, fewer changes beats smaller moves
    expect(total({ lib: "1.4", dep: "1" })).toBeGreaterThan(total({ lib: "1.4", dep: "2" }));
    // with equal advisories and changes, the smaller move wins
    expect(total({ lib: "1.4", dep: "1" })).toBeGreaterThan(total({ lib: "2.0", dep: "1" }));
    // a package the lock does not hold costs one change, whatever its version
    expect(table.get("new")!.get("1")).toBe(-scales.change);
    expect(table.get("new")!.get("2")).toBe(-scales.change);
  });
  it("scales each tier above every lower tier together, and the score below the moves", () => {
    expect(scales.move).toBeGreaterThan(2 * 7);
    expect(scales.change).toBeGreaterThan(scales.move * 3);
    expect(scales.advisory).toBeGreaterThan(scales.change * 3);
  });
});

describe("stack diff", () => {
  it("gives old, new, dev and the advisories fixed per changed package", () => {
    const of = (name: string, version: string) => auditLock({ [name]: version }, advisories)[0]!.advisories;
    expect(stackDiff({ lib: "1.1", gone: "1", same: "1" }, { lib: "1.2", same: "1", added: "3" }, of, (n) => n === "added")).toEqual([
      { package: "added", old: null, new: "3", dev: true, fixes: [] },
      { package: "gone", old: "1", new: null, dev: false, fixes: [] },
      { package: "lib", old: "1.1", new: "1.2", dev: false, fixes: [expect.objectContaining({ id: "A-1" })] },
    ]);
  });
});
