import { describe, expect, it } from "vitest";
import { memoryCatalog, type MemoryTable } from "../catalog/index.js";
import { packageByName, type CompiledGraph } from "../graph/index.js";
import { environmentFor } from "../pep508/index.js";
import { compileGraph } from "./compile.js";
import type { CompileRequest } from "./request.js";

type Table = MemoryTable;
const catalogOf = (table: Table) => memoryCatalog(table);
const environment = environmentFor({ python: "3.8", platform: "linux" });
const table: Table = {
  app: { "1.0": { requiresDist: ["lib", "old-backport", "tool[cli]; extra == 'cli'"], providesExtra: ["cli"] }, "2.0": { requiresDist: ["lib"] } },
  lib: { "1.0": { requiresDist: ["old-backport"] } },
  "old-backport": { "1.0": {} },
  tool: { "1.0": { requiresDist: ["old-backport; extra == 'cli'"], providesExtra: ["cli"] }, "2.0": {} },
};

async function compile(request: Partial<CompileRequest> & { requirements: string[] }) {
  const out = await compileGraph(catalogOf(table), { environment, ...request });
  if (!out.ok) throw new Error(out.error.message);
  return out;
}
/** Per candidate of `name`: the packages its edges target. */
function targets(g: CompiledGraph, name: string): Record<string, string[]> {
  const p = packageByName(g, name);
  const out: Record<string, string[]> = {};
  for (let c = g.versionStart[p]; c < g.versionStart[p + 1]; c++) {
    out[g.versions[c]] = [...g.edgeTarget.slice(g.edgeStart[c], g.edgeStart[c + 1])].map((t) => g.names[t]);
  }
  return out;
}

describe("dependency rules of the request", () => {
  it("keepDependency drops edges per dependent (base, extra, root); a package nothing keeps leaves the closure", async () => {
    const asked: string[] = [];
    const out = await compile({
      requirements: ["app[cli]", "old-backport"],
      keepDependency: (target, dependent) => {
        asked.push(`${dependent === null ? "<root>" : `${dependent.name}==${dependent.version}${dependent.extra ? `[${dependent.extra}]` : ""}`}->${target}`);
        return target !== "old-backport";
      },
    });
    const g = out.graph;
    expect(packageByName(g, "old-backport")).toBe(-1);
    expect(targets(g, "app")).toEqual({ "2.0": ["lib"], "1.0": ["lib"] });
    expect(targets(g, "lib")).toEqual({ "1.0": [] });
    expect(targets(g, "app[cli]")["1.0"]).toEqual(["app", "tool", "tool[cli]"]);
    expect(targets(g, "tool[cli]")["1.0"]).toEqual(["tool"]);
    expect(asked).toContain("<root>->old-backport");
    expect(asked).toContain("app==1.0[cli]->tool");
    expect(asked).toContain("tool==1.0[cli]->old-backport");
    // Asked once per target of a candidate (and extra), not once per edge.
    expect(asked.filter((a) => a === "app==1.0->lib")).toHaveLength(1);
  });

  it("keepDependency on one dependent leaves the package required by the others", async () => {
    const out = await compile({ requirements: ["app"], keepDependency: (target, d) => !(target === "old-backport" && d?.name === "app") });
    expect(targets(out.graph, "app")["1.0"]).toEqual(["lib"]);
    expect(targets(out.graph, "lib")["1.0"]).toEqual(["old-backport"]);
  });

  it("addedRequirements adds edges (markers evaluated); an added requirement that does not parse is a problem naming the candidate", async () => {
    const out = await compile({
      requirements: ["app==2.0"],
      addedRequirements: (name) => (name === "app" ? ["tool==2.0", "lib; python_version < '3'", "bad req ("] : []),
    });
    expect(targets(out.graph, "app")["2.0"]).toEqual(["lib", "tool"]);
    const tool = packageByName(out.graph, "tool");
    const edge = out.graph.edgeStart[out.graph.versionStart[packageByName(out.graph, "app")]] + 1;
    expect(out.graph.edgeTarget[edge]).toBe(tool);
    expect(out.graph.specs[out.graph.edgeSpec[edge]]).toBe("tool==2.0");
    expect(out.problems).toContainEqual(expect.objectContaining({ kind: "invalid-metadata", package: "app", version: "2.0", reason: expect.stringContaining('added requirement "bad req ("') }));
  });
});
