import { describe, expect, it } from "vitest";
import type { Advisory } from "../advisory/index.js";
import { buildPipeline, type PipelineUnit } from "../pipeline/index.js";
import { environmentFor } from "../pep508/index.js";
import { auditLock, fixedVersions, lockPrescriptionFlags, moveSpanOf, packageScores, stackDiff, updateObjective, updateScales } from "./index.js";

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
      ], prescriptions: [] },
      { package: "other", version: "1", advisories: [], prescriptions: [] },
    ]);
  });
});

describe("the smallest safe update's objective", () => {
  const releases = new Map([["lib", ["1.0", "1.1", "1.2", "1.3", "1.4", "2.0"]], ["dep", ["1", "2", "3"]], ["new", ["1", "2"]]]);
  const scales = updateScales(3, 7, moveSpanOf(releases));
  const table = updateObjective(releases, { lib: "1.1", dep: "1" }, advisories, scales);
  const total = (stack: Record<string, string>) => Object.entries(stack).reduce((s, [n, v]) => s + table.get(n)!.get(v)!, 0);
  it("ranks fewer advisories first, then fewer changes, then smaller moves", () => {
    expect(table.get("lib")!.get("1.1")).toBe(scales.change - 2 * scales.advisory);
    // dropping a locked package costs one change, as moving it does
    expect(total({ lib: "1.1" })).toBeLessThan(total({ lib: "1.1", dep: "1" }));
    expect(total({ lib: "1.1" })).toBe(total({ lib: "1.1", dep: "2" }) + scales.move);
    // one release of move outweighs any score difference; every move together less than one change
    expect(scales.move).toBeGreaterThan(2 * 7);
    expect(scales.change).toBeGreaterThan(scales.move * moveSpanOf(releases));
    expect(total({ lib: "1.4", dep: "1" }) - total({ lib: "1.2", dep: "1" })).toBe(scales.advisory - 2 * scales.move);
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
    expect(moveSpanOf(releases)).toBe(5 + 2 + 1);
    expect(scales.move).toBeGreaterThan(2 * 7);
    expect(scales.change).toBeGreaterThan(scales.move * 8);
    expect(scales.advisory).toBeGreaterThan(scales.change * 4);
  });
});

const environment = environmentFor({ python: "3.8", platform: "linux" });
const context = { recommendationType: "stable" as const, environment, requirements: ["app"] };
const warn = (message: string, link: string) => [{ type: "WARNING" as const, message, link }];
/** One prescription unit of each kind that can flag a locked version, and some that must not. */
const units: PipelineUnit[] = [
  { kind: "sieve", name: "NoOldLib", run: (n, v) => (n === "lib" && v === "1.1" ? { keep: false, reason: "lib 1.1 is broken", justification: warn("lib 1.1 is broken", "https://example.org/j/lib") } : { keep: true }) },
  { kind: "step", scope: "candidate", name: "DepPenalty", run: (n, v) => (n === "dep" ? { acceptable: true, score: v === "1" ? -0.5 : 0.25, justification: v === "1" ? warn("dep 1 is slow", "https://example.org/j/dep") : [] } : undefined) },
  { kind: "step", scope: "candidate", name: "Bonus", run: (n) => (n === "app" ? { acceptable: true, score: 1, justification: [{ type: "INFO", message: "fine", link: "https://example.org/j/app" }] } : undefined) },
  { kind: "step", scope: "state", name: "Pair", match: { name: "dep", version: "<2" }, resolved: [{ name: "app", version: "~=1.0" }], result: { acceptable: false, reason: "dep 1 with app 1.0", justification: warn("bad pair", "https://example.org/j/pair") } },
  { kind: "step", scope: "state", name: "PairBonus", match: { name: "dep", version: ">=2" }, resolved: [{ name: "app", version: "~=1.0" }], result: { acceptable: true, score: 0.5 } },
  { kind: "step", scope: "dependency", name: "NoTool", run: (t, d) => (t === "tool" && d?.name === "app" ? { keep: false, reason: "app does not need tool" } : { keep: true }) },
  { kind: "stride", name: "NoLibWithTool", run: () => ({ accept: true }),
    declarative: { when: [{ name: "lib" }, { name: "tool", version: "<2" }], decision: { accept: false, reason: "lib with old tool", justification: warn("lib with old tool", "https://example.org/j/stride") } } },
  { kind: "wrap", name: "ToolNote", triggers: ["tool"], run: () => ({ justification: [{ type: "ERROR", message: "tool leaks", link: "https://example.org/j/tool" }, { type: "INFO", message: "ok" }] }) },
  { kind: "wrap", name: "OtherNote", triggers: ["absent"], run: () => [{ type: "ERROR", message: "never", link: "https://example.org/never" }] },
];

describe("the prescriptions that flag a lock", () => {
  const lock = { app: "1.0", lib: "1.1", dep: "1", tool: "1.0" };
  const flags = lockPrescriptionFlags(lock, units, context, () => []);
  it("names each unit that removes, rejects, penalises, skips or warns about a locked version, with its message and link", () => {
    expect(flags.get("lib")).toEqual([
      { unit: "NoOldLib", kind: "sieve", effect: "removes", score: null, message: "lib 1.1 is broken", link: "https://example.org/j/lib" },
      { unit: "NoLibWithTool", kind: "stride", effect: "rejects", score: null, message: "lib with old tool", link: "https://example.org/j/stride" },
    ]);
    expect(flags.get("dep")).toEqual([
      { unit: "DepPenalty", kind: "step", effect: "penalises", score: -0.5, message: "dep 1 is slow", link: "https://example.org/j/dep" },
      { unit: "Pair", kind: "step", effect: "rejects", score: null, message: "bad pair", link: "https://example.org/j/pair" },
    ]);
    expect(flags.get("tool")).toEqual([
      { unit: "NoTool", kind: "step", effect: "skips", score: null, message: "app does not need tool", link: null },
      { unit: "NoLibWithTool", kind: "stride", effect: "rejects", score: null, message: "lib with old tool", link: "https://example.org/j/stride" },
      { unit: "ToolNote", kind: "wrap", effect: "warns", score: null, message: "tool leaks", link: "https://example.org/j/tool" },
    ]);
    // a positive score with an INFO justification flags nothing
    expect(flags.has("app")).toBe(false);
    expect(auditLock(lock, new Map(), flags).find((p) => p.package === "dep")!.prescriptions.map((f) => f.unit)).toEqual(["DepPenalty", "Pair"]);
  });
  it("flags what a newer stack still holds only: version-free skips and wraps stay, the rest is left behind", () => {
    const next = lockPrescriptionFlags({ app: "1.0", lib: "1.2", dep: "2", tool: "2.0" }, units, context, () => []);
    expect([...next.keys()]).toEqual(["tool"]);
    expect(next.get("tool")!.map((f) => f.unit)).toEqual(["NoTool", "ToolNote"]);
  });
});

describe("package scores and the stack diff", () => {
  const pipeline = buildPipeline({ ...context, units });
  it("gives each package its static score plus the state steps that match it; null when a unit removes the version", () => {
    const old = packageScores(pipeline, { app: "1.0", lib: "1.1", dep: "1" });
    expect(old.get("app")).toEqual({ score: 1, justifications: [{ type: "INFO", message: "fine", link: "https://example.org/j/app" }] });
    expect(old.get("lib")!.score).toBeNull();
    expect(old.get("dep")!.score).toBeNull();
    const next = packageScores(pipeline, { app: "1.0", lib: "1.2", dep: "2" });
    expect(next.get("dep")!.score).toBe(0.25 + 0.5);
    expect(next.get("lib")!.score).toBe(0);
  });
  it("gives old, new, dev, the advisories and prescriptions fixed, the score delta and the new version's justifications", () => {
    const of = (name: string, version: string) => auditLock({ [name]: version }, advisories)[0]!.advisories;
    const oldStack = { lib: "1.1", gone: "1", same: "1", dep: "3" };
    const newStack = { lib: "1.2", same: "1", added: "3", dep: "2" };
    const diff = stackDiff(oldStack, newStack, {
      advisoriesOf: of, isDev: (n) => n === "added",
      flagsOld: lockPrescriptionFlags({ ...oldStack, app: "1.0" }, units, context, () => []), flagsNew: lockPrescriptionFlags(newStack, units, context, () => []),
      scoresOld: packageScores(pipeline, oldStack), scoresNew: packageScores(pipeline, { ...newStack, app: "1.0" }),
    });
    expect(diff.map((u) => [u.package, u.old, u.new, u.dev, u.fixes.map((f) => f.id), u.prescriptionsFixed.map((f) => f.unit), u.scoreOld, u.scoreNew, u.scoreDelta])).toEqual([
      ["added", null, "3", true, [], [], 0, 0, 0],
      ["dep", "3", "2", false, [], [], 0.25, 0.75, 0.5],
      ["gone", "1", null, false, [], [], 0, 0, 0],
      ["lib", "1.1", "1.2", false, ["A-1"], ["NoOldLib"], null, 0, null],
    ]);
    expect(stackDiff(oldStack, newStack, { advisoriesOf: of, isDev: () => false })[0]).toMatchObject({ scoreOld: null, scoreNew: null, scoreDelta: null, justifications: [] });
  });
});
