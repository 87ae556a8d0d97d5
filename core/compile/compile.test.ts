import { describe, expect, it } from "vitest";
import { type Catalog, memoryCatalog, type MemoryTable } from "../catalog/index.js";
import { Exclusion, maskIndices, packageByName, type CompiledGraph } from "../graph/index.js";
import { environmentFor } from "../pep508/index.js";
import { compileGraph } from "./compile.js";
import type { CompileRequest } from "./request.js";

type Table = MemoryTable;

/** The memory catalog of a table; records which projects were asked for. */
function tableCatalog(table: Table, offline: string[] = []): Catalog & { asked: string[] } {
  const asked: string[] = [];
  const catalog = memoryCatalog(table, { offline });
  return { asked, versions: (name) => (asked.push(name), catalog.versions(name)), metadata: (name, version) => catalog.metadata(name, version) };
}

const environment = environmentFor({ python: "3.8", platform: "linux" });

async function compile(table: Table, request: Partial<CompileRequest> & { requirements: string[] }) {
  const out = await compileGraph(tableCatalog(table), { environment, ...request });
  if (!out.ok) throw new Error(out.error.message);
  return out;
}

function versionsOf(g: CompiledGraph, name: string): string[] {
  const p = packageByName(g, name);
  return g.versions.slice(g.versionStart[p], g.versionStart[p + 1]);
}

function domainOf(g: CompiledGraph, name: string): string[] {
  const p = packageByName(g, name);
  return maskIndices(g, p, g.domainMask[p]).map((i) => g.versions[g.versionStart[p] + i]);
}

describe("compileGraph", () => {
  it("sorts versions newest first in canonical form and turns requirements into bitsets", async () => {
    const { graph } = await compile({
      a: { "1.0": { requiresDist: ["b>=2"] }, "2.0": { requiresDist: ["B (>=1,<3)"] }, "1.10": {} },
      b: { "1": {}, "2.0.0": {}, "3.0": {} },
    }, { requirements: ["a"] });
    expect(versionsOf(graph, "a")).toEqual(["2.0", "1.10", "1.0"]);
    const a2 = graph.versionStart[packageByName(graph, "a")];
    const e = graph.edgeStart[a2];
    expect(graph.names[graph.edgeTarget[e]]).toBe("b");
    expect(maskIndices(graph, graph.edgeTarget[e], graph.edgeMask[e]).map((i) => versionsOf(graph, "b")[i])).toEqual(["2.0.0", "1"]);
    expect(graph.specs[graph.edgeSpec[e]]).toBe("b<3,>=1");
  });

  it("makes an extra a package of its own that pins its base and adds the extra's requirements", async () => {
    const { graph } = await compile({
      a: { "1.0": { requiresDist: ["c; extra == 'Fast_Io'", "d; python_version < '3'"] } },
      c: { "1.0": {} },
      d: { "1.0": {} },
    }, { requirements: ["a[fast-io]"] });
    expect(graph.names).toContain("a[fast-io]");
    expect(graph.names).toContain("c");
    expect(graph.names).not.toContain("d");
    const x = packageByName(graph, "a[fast-io]");
    expect(graph.baseOf[x]).toBe(packageByName(graph, "a"));
    const first = graph.edgeStart[graph.versionStart[x]];
    expect(graph.names[graph.edgeTarget[first]]).toBe("a");
  });

  it("excludes yanked releases unless a root requirement pins them exactly", async () => {
    const table: Table = { a: { "1.0": {}, "2.0": { yanked: true } } };
    expect(domainOf((await compile(table, { requirements: ["a"] })).graph, "a")).toEqual(["1.0"]);
    expect(domainOf((await compile(table, { requirements: ["a==2.0"] })).graph, "a")).toEqual(["2.0", "1.0"]);
  });

  it("keeps every prerelease a candidate under the default if-necessary: the resolver, not the domain, prefers stable versions", async () => {
    // Since uv 0.12 (2026-07) a prerelease may be needed by a requirement met deep in the graph,
    // which compiling cannot know about: the graph keeps them all and records the policy.
    const table: Table = { a: { "1.0": {}, "2.0b1": {} }, b: { "1.0a1": {} } };
    const graph = (await compile({ ...table, r: { "1": { requiresDist: ["a", "b"] } } }, { requirements: ["r"] })).graph;
    expect(domainOf(graph, "a")).toEqual(["2.0b1", "1.0"]);
    expect(domainOf(graph, "b")).toEqual(["1.0a1"]);
    expect(graph.meta.prereleases).toBe("if-necessary");
  });

  it("applies the other prerelease policies per package when compiling", async () => {
    const table: Table = { a: { "1.0": {}, "2.0b1": {} }, b: { "1.0a1": {} } };
    const both = { ...table, r: { "1": { requiresDist: ["a", "b"] } } };
    const domains = async (prereleases: CompileRequest["prereleases"], requirements = ["r"]) => {
      const { graph } = await compile(both, { requirements, prereleases });
      return { a: domainOf(graph, "a"), b: domainOf(graph, "b") };
    };
    expect(await domains("allow")).toEqual({ a: ["2.0b1", "1.0"], b: ["1.0a1"] });
    expect(await domains("disallow")).toEqual({ a: ["1.0"], b: [] });
    // explicit (uv 0.12): only what a root requirement or constraint names with a prerelease; b
    // has only prereleases but nobody named one, so it has none.
    expect(await domains("explicit")).toEqual({ a: ["1.0"], b: [] });
    expect(await domains("explicit", ["r", "a>=2.0b1"])).toEqual({ a: ["2.0b1", "1.0"], b: [] });
    // Before 2026-12-03 (uv before 0.12): if-necessary-or-explicit adds packages with only prereleases; legacy-if-necessary only those.
    expect(await domains("if-necessary-or-explicit")).toEqual({ a: ["1.0"], b: ["1.0a1"] });
    expect(await domains("if-necessary-or-explicit", ["r", "a>=2.0b1"])).toEqual({ a: ["2.0b1", "1.0"], b: ["1.0a1"] });
    expect(await domains("legacy-if-necessary", ["r", "a>=2.0b1"])).toEqual({ a: ["1.0"], b: ["1.0a1"] });
    // An exclusion names no prerelease opt-in (`!=2.0b1`), as in uv.
    expect(await domains("explicit", ["r", "a!=2.0b1"])).toEqual({ a: ["1.0"], b: [] });
  });

  it("narrows with constraints and Requires-Python without pulling packages in", async () => {
    const { graph } = await compile({
      a: { "1.0": { requiresPython: ">=3.9" }, "0.9": {}, "0.8": {} },
      z: { "1.0": {} },
    }, { requirements: ["a"], constraints: ["a<0.9", "z==1.0"] });
    const a = packageByName(graph, "a");
    expect(domainOf(graph, "a")).toEqual(["0.8"]);
    expect(graph.exclusion[graph.versionStart[a]]).toBe(Exclusion.RequiresPython);
    expect(graph.exclusion[graph.versionStart[a] + 1]).toBe(Exclusion.Constraint);
    expect(graph.names).not.toContain("z");
  });

  it("makes one candidate with invalid metadata unusable, names it, and goes on", async () => {
    const out = await compile({
      a: { "1.0": { requiresDist: ["b>=>1"] }, "0.9": { invalid: "METADATA is truncated" }, "0.8": { requiresDist: ["b"] }, "not a version": {} },
      b: { "1": {} },
    }, { requirements: ["a"] });
    expect(domainOf(out.graph, "a")).toEqual(["0.8"]);
    const kinds = out.problems.map((p) => `${p.kind} ${p.package}`).sort();
    expect(kinds).toEqual(["invalid-metadata a", "invalid-metadata a", "invalid-version a"]);
    expect(out.problems.find((p) => p.kind === "invalid-metadata" && p.version === "0.9")).toMatchObject({ reason: "METADATA is truncated" });
  });

  it("refuses a candidate that declares more extras than the stated limit", async () => {
    const extras = Array.from({ length: 5000 }, (_, i) => `x${i}`);
    const out = await compile({ a: { "2.0": { providesExtra: extras, requiresDist: extras.map((x) => `b; extra == "${x}"`) }, "1.0": {} }, b: { "1": {} } }, { requirements: ["a"] });
    expect(domainOf(out.graph, "a")).toEqual(["1.0"]);
    expect(out.problems[0]).toMatchObject({ kind: "invalid-metadata", package: "a", version: "2.0", reason: "declares 5000 extras, more than the limit of 1000" });
  });

  it("does not load what only excluded candidates need, and reports missing projects", async () => {
    const catalog = tableCatalog({ a: { "2.0": { requiresPython: "<3", requiresDist: ["old"] }, "1.0": { requiresDist: ["gone"] } } });
    const out = await compileGraph(catalog, { environment, requirements: ["a"] });
    expect(out.ok).toBe(true);
    expect(catalog.asked).not.toContain("old");
    if (out.ok) expect(out.problems).toEqual([{ kind: "not-found", package: "gone", requiredBy: "a==1.0" }]);
  });

  it("fails with the cause when the index is offline, and on an invalid root requirement", async () => {
    const offline = await compileGraph(tableCatalog({}, ["a"]), { environment, requirements: ["a"] });
    expect(offline.ok ? "" : offline.error.message).toBe("cannot reach the index for a");
    const bad = await compileGraph(tableCatalog({}), { environment, requirements: ["a>="] });
    expect(bad.ok ? "" : bad.error.message).toMatch(/invalid requirement "a>="/);
  });

  it("gives the same request the same content hash and a different one another", async () => {
    const table: Table = { a: { "1.0": { requiresDist: ["b"] } }, b: { "1": {}, "2": {} } };
    const one = await compile(table, { requirements: ["a"] });
    const two = await compile(table, { requirements: ["a"] });
    const other = await compile(table, { requirements: ["a"], constraints: ["b<2"] });
    expect(one.graph.hash).toBe(two.graph.hash);
    expect(other.graph.hash).not.toBe(one.graph.hash);
  });
});
