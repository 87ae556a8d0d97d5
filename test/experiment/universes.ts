/**
 * The experiment universes on ../shared data: Flask as of late October 2020 (Thoth's published
 * Flask experiment: Python 3.6, Linux, no prereleases) and tensorflow==2.1.0 (Python 3.7, Linux).
 */
import { readFileSync } from "node:fs";
import { loadGraphFile } from "../../adapters/snapshot/index.js";
import { compileGraph } from "../../core/compile/index.js";
import type { CompiledGraph } from "../../core/graph/index.js";
import { environmentFor } from "../../core/pep508/index.js";
import { sharedData } from "../support/shared-data.js";

export type ScoreFn = (name: string, version: string) => number;

/** Requirement lines of a constraints file, comments and blank lines dropped. */
export function requirementLines(text: string): string[] {
  return text.split("\n").map((l) => l.replace(/#.*$/, "").trim()).filter((l) => l.length > 0);
}

/** The Flask universe, or null when ../shared is absent. */
export async function flaskUniverse(score?: ScoreFn): Promise<CompiledGraph | null> {
  const graph = sharedData("pypi-graphs", "flask-graph.json");
  const constraints = sharedData("pypi-graphs", "flask-2020.constraints.txt");
  if (graph === null || constraints === null) return null;
  const out = await compileGraph(loadGraphFile(graph), {
    requirements: ["flask"],
    constraints: requirementLines(readFileSync(constraints, "utf8")),
    environment: environmentFor({ python: "3.6", platform: "linux" }),
    prereleases: "disallow",
    ...(score ? { score } : {}),
  });
  if (!out.ok) throw new Error(out.error.message);
  return out.graph;
}

/** The tensorflow==2.1.0 universe, or null when ../shared is absent. */
export async function tensorflowUniverse(score?: ScoreFn): Promise<CompiledGraph | null> {
  const graph = sharedData("pypi-graphs", "tf21-graph.json");
  if (graph === null) return null;
  const out = await compileGraph(loadGraphFile(graph), {
    requirements: ["tensorflow==2.1.0"],
    environment: environmentFor({ python: "3.7", platform: "linux" }),
    prereleases: "disallow",
    ...(score ? { score } : {}),
  });
  if (!out.ok) throw new Error(out.error.message);
  return out.graph;
}
