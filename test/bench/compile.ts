/**
 * Compiling closures into CompiledGraphs: cold (first in the process) and warm (median of 10)
 * times, the serialized size, and the buffer round trip. Measures; asserts nothing.
 */
import { join } from "node:path";
import { compileGraph, type CompileRequest } from "../../core/compile/index.js";
import { deserializeGraph, serializeGraph } from "../../core/graph/index.js";
import { environmentFor } from "../../core/pep508/index.js";
import { loadGraphFile } from "../../adapters/snapshot/index.js";
import { SHARED_MISSING, sharedData } from "../support/shared-data.js";

interface Case { name: string; index: string; python: string; requirements: string[] }

const CASES: Case[] = [
  { name: "pandas[test] (pandas snapshot)", index: "pypi-2020/index/pypi-2020-02-15-pandas.json", python: "3.8", requirements: ["pandas[test]"] },
  { name: "tensorflow==2.1.0 (tf21 graph)", index: "pypi-graphs/tf21-graph.json", python: "3.7", requirements: ["tensorflow==2.1.0"] },
  { name: "chalice (chalice snapshot)", index: "pypi-2020/index/pypi-2020-02-13-chalice.json", python: "3.8", requirements: ["chalice"] },
  { name: "dask[complete] (dask snapshot)", index: "pypi-2020/index/pypi-2020-02-13-dask.json", python: "3.8", requirements: ["dask[complete]"] },
  { name: "flask (Flask graph)", index: "pypi-graphs/flask-graph.json", python: "3.8", requirements: ["flask"] },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function bench(): Promise<string> {
  const data = sharedData();
  if (data === null) return `## Compiled graph\n\n${SHARED_MISSING}`;
  const rows: string[] = [];
  for (const c of CASES) {
    const catalog = loadGraphFile(join(data, c.index));
    const request: CompileRequest = { requirements: c.requirements, environment: environmentFor({ python: c.python, platform: "linux" }) };
    const times: number[] = [];
    let graph;
    for (let i = 0; i < 11; i++) {
      const t0 = performance.now();
      const out = await compileGraph(catalog, request);
      times.push(performance.now() - t0);
      if (!out.ok) throw new Error(`${c.name}: ${out.error.message}`);
      graph = out.graph;
    }
    const g = graph!;
    const t0 = performance.now();
    const buffer = serializeGraph(g);
    const t1 = performance.now();
    const back = deserializeGraph(buffer, true);
    const t2 = performance.now();
    const same = back.ok && back.value.hash === g.hash;
    rows.push(`| ${c.name} | ${g.packageCount - 1} | ${g.candidateCount - 1} | ${g.edgeTarget.length} | ${times[0].toFixed(1)} | **${median(times.slice(1)).toFixed(1)}** | ${(buffer.byteLength / 1024).toFixed(1)} KiB | ${(t1 - t0).toFixed(2)} | ${(t2 - t1).toFixed(2)} | ${same ? "identical" : "DIFFERENT"} |`);
  }
  return [
    "## Compiled graph (`make bench ONLY=compile`)",
    "",
    "Snapshot loaded once; compile = the closure's versions and metadata parsed, markers evaluated, bitsets built, content hash computed. Cold = first compile in the process; warm = median of the next 10. Round trip = serialize to one ArrayBuffer, then deserialize with hash verification.",
    "",
    "| closure | packages | versions | edges | cold ms | warm ms | serialized | serialize ms | deserialize + verify ms | hash after round trip |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...rows,
  ].join("\n");
}
