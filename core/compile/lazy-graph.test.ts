import { describe, expect, it } from "vitest";
import { type Catalog, memoryCatalog, type MemoryTable } from "../catalog/index.js";
import { Exclusion, packageByName } from "../graph/index.js";
import { environmentFor } from "../pep508/index.js";
import { solveOnDemand } from "../resolver/index.js";
import { LazyGraphStop, openLazyGraph } from "./lazy-graph.js";
import type { CompileRequest } from "./request.js";

const environment = environmentFor({ python: "3.8", platform: "linux" });

/** A memory catalog that records what is asked of it. */
function recording(table: MemoryTable, offline: string[] = []): Catalog & { listed: string[]; read: string[] } {
  const catalog = memoryCatalog(table, { offline });
  const listed: string[] = [];
  const read: string[] = [];
  return {
    listed, read,
    versions: (name) => (listed.push(name), catalog.versions(name)),
    metadata: (name, version) => (read.push(`${name}==${version}`), catalog.metadata(name, version)),
  };
}

async function resolve(catalog: Catalog, request: Partial<CompileRequest> & { requirements: string[] }) {
  const opened = await openLazyGraph(catalog, { environment, ...request });
  if (!opened.ok) throw new Error(opened.error.message);
  const lazy = opened.value;
  const result = await solveOnDemand(lazy);
  const g = lazy.graph;
  const pins: Record<string, string> = {};
  if (result.status === "resolved") for (let p = 1; p < g.packageCount; p++) if (result.pins[p] >= 0) pins[g.names[p]] = g.versions[g.versionStart[p] + result.pins[p]];
  return { lazy, result, pins };
}

describe("openLazyGraph", () => {
  it("lists a package only when a compiled candidate needs it, and reads the metadata of the candidates decided", async () => {
    const catalog = recording({
      app: { "2.0": ["lib>=2"], "1.0": ["old-only"] },
      lib: { "1.0": [], "2.0": ["tiny"], "3.0": [] },
      tiny: { "1.0": [] },
      "old-only": { "1.0": [] },
    });
    const { pins, lazy } = await resolve(catalog, { requirements: ["app"] });
    expect(pins).toEqual({ app: "2.0", lib: "3.0" });
    expect(catalog.listed.sort()).toEqual(["app", "lib"]);
    expect(catalog.read.sort()).toEqual(["app==2.0", "lib==3.0"]);
    expect(lazy.counts()).toEqual({ packages: 3, candidates: 1 + 2 + 3, edges: 2 });
  });

  it("finds invalid metadata, and a Requires-Python only the metadata states, when a candidate is compiled, and goes on", async () => {
    const table: MemoryTable = { a: { "3.0": { invalid: "METADATA is truncated" }, "2.0": { requiresDist: ["b>=>1"] }, "1.5": { requiresPython: ">=3.9" }, "1.0": [] } };
    const memory = memoryCatalog(table);
    // An index whose listing says nothing about Requires-Python (the metadata does).
    const catalog: Catalog = {
      versions: async (name) => {
        const r = await memory.versions(name);
        return r.kind === "found" ? { kind: "found", value: r.value.map((i) => ({ ...i, requiresPython: null })) } : r;
      },
      metadata: (name, version) => memory.metadata(name, version),
    };
    const { pins, lazy } = await resolve(catalog, { requirements: ["a"] });
    expect(pins).toEqual({ a: "1.0" });
    const g = lazy.snapshot();
    const a = packageByName(g, "a");
    expect([...g.exclusion.slice(g.versionStart[a], g.versionStart[a + 1])]).toEqual([Exclusion.InvalidMetadata, Exclusion.InvalidMetadata, Exclusion.RequiresPython, Exclusion.None]);
    expect(lazy.problems.map((p) => p.kind === "invalid-metadata" && `${p.version}: ${p.reason}`)).toEqual(["3.0: METADATA is truncated", expect.stringMatching(/^2\.0: invalid requirement/)]);
    expect(g.meta.requires_python_excluded).toEqual({ a: { "1.5": ">=3.9" } });
  });

  it("compiles extras as packages of their own that mirror their base", async () => {
    const { pins, lazy } = await resolve(recording({
      web: { "1.0": { requiresDist: ["fast; extra == 'speed'"], providesExtra: ["speed"] } },
      fast: { "2.0": [] },
    }), { requirements: ["web[speed]"] });
    expect(pins).toEqual({ web: "1.0", "web[speed]": "1.0", fast: "2.0" });
    const g = lazy.snapshot();
    expect(g.baseOf[packageByName(g, "web[speed]")]).toBe(packageByName(g, "web"));
  });

  it("explains an impossible request on the graph compiled so far", async () => {
    const { result } = await resolve(recording({ a: { "1.0": ["b>=2"] }, b: { "1.0": [] } }), { requirements: ["a"] });
    expect(result.status).toBe("unsatisfiable");
    if (result.status === "unsatisfiable") expect(result.explanation).toMatch(/a==1\.0 depends on b>=2/);
  });

  it("records a missing project once, naming who required it", async () => {
    const { lazy, result } = await resolve(recording({ a: { "1.0": ["ghost"] } }), { requirements: ["a", "ghost"] });
    expect(result.status).toBe("unsatisfiable");
    expect(lazy.problems).toEqual([{ kind: "not-found", package: "ghost", requiredBy: "your requirements" }]);
  });

  it("stops with the compile error when the catalog is offline or the closure passes its limit", async () => {
    expect(await openLazyGraph(recording({}, ["a"]), { environment, requirements: ["a"] })).toMatchObject({ ok: false, error: { kind: "offline" } });
    const opened = await openLazyGraph(recording({ a: { "1.0": ["b"] }, b: { "1.0": ["c"] }, c: { "1.0": [] } }), { environment, requirements: ["a"], maxPackages: 3 });
    if (!opened.ok) throw new Error(opened.error.message);
    const stop = await solveOnDemand(opened.value).catch((e: unknown) => e);
    expect(stop).toBeInstanceOf(LazyGraphStop);
    expect((stop as LazyGraphStop).error).toMatchObject({ kind: "too-large" });
    expect(await openLazyGraph(recording({}), { environment, requirements: ["a>=>1"] })).toMatchObject({ ok: false, error: { kind: "invalid-requirement" } });
  });
});
