/**
 * The instances of the exact benchmark (and of the exact tests on ../shared): a compiled graph and
 * the pipeline it was compiled with, built as `maat advise` builds them (snapshot catalog, built-in
 * units, advisories, prescriptions, the pipeline's compile hooks), or a graph with random additive
 * scores (a seeded score per candidate written into the static score array, recency off).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSnapshot } from "../../adapters/snapshot/index.js";
import { compileGraph } from "../../core/compile/index.js";
import type { CompiledGraph } from "../../core/graph/index.js";
import { environmentFor } from "../../core/pep508/index.js";
import { recordingCatalog } from "../../core/catalog/index.js";
import { buildPipeline, type Pipeline } from "../../core/pipeline/index.js";
import type { RecommendationType } from "../../core/prescription/index.js";
import { mulberry32 } from "../../core/random/index.js";
import { loadJobKnowledge } from "../../services/compose/job-knowledge.js";
import { requirementLines } from "../experiment/universes.js";
import { sharedData } from "../support/shared-data.js";

export interface ExactInstance {
  readonly name: string;
  readonly graph: CompiledGraph;
  /** The pipeline the graph was compiled with (its stack rules apply); null for random scores. */
  readonly pipeline: Pipeline | null;
}

export interface InstanceRequest {
  /** Path below ../shared/data. */
  readonly index: string;
  readonly requirements: readonly string[];
  readonly python: string;
  /** Path below ../shared/data of a constraints file. */
  readonly constraints?: string;
  readonly prereleases?: "disallow";
  readonly recommendation: RecommendationType;
  readonly advisories?: boolean;
  readonly prescriptions?: boolean;
}

/** A graph and its pipeline as `maat advise` builds them; null when ../shared is absent. */
export async function pipelineInstance(name: string, r: InstanceRequest): Promise<ExactInstance | null> {
  const index = sharedData(r.index);
  const advisories = r.advisories ? sharedData("osv-pypa", "vulns") : null;
  const prescriptions = r.prescriptions ? sharedData("thoth-prescriptions.tar.gz") : null;
  const constraintsPath = r.constraints === undefined ? null : sharedData(r.constraints);
  if (index === null || (r.advisories && advisories === null) || (r.prescriptions && prescriptions === null) || (r.constraints !== undefined && constraintsPath === null)) return null;
  const environment = environmentFor({ python: r.python, platform: "linux" });
  const cache = mkdtempSync(join(tmpdir(), "maat-exact-bench-"));
  try {
    const knowledge = await loadJobKnowledge({
      recommendation: r.recommendation, target: { python: r.python, platform: "linux" }, environment, scores: null,
      advisoriesPath: advisories, prescriptionsPath: prescriptions, locked: null,
    }, cache);
    if (!knowledge.ok) throw new Error(`${name}: ${knowledge.error.message}`);
    const catalog = recordingCatalog(loadSnapshot(index));
    const pipeline = buildPipeline({
      recommendationType: r.recommendation, environment, requirements: r.requirements, units: knowledge.value.units,
      releases: (n) => catalog.releases(n),
    });
    const constraints = constraintsPath === null ? [] : requirementLines(readFileSync(constraintsPath, "utf8"));
    const out = await compileGraph(catalog, {
      requirements: r.requirements, constraints, environment, ...(r.prereleases ? { prereleases: r.prereleases } : {}), ...pipeline.hooks,
    });
    if (!out.ok) throw new Error(`${name}: ${out.error.message}`);
    return { name, graph: out.graph, pipeline };
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

/** The graph with a score per candidate uniform in [-1, 1] from mulberry32(seed), in candidate order (recency off). */
export function withRandomScores(graph: CompiledGraph, seed: number): CompiledGraph {
  const rnd = mulberry32(seed);
  const score = new Float64Array(graph.candidateCount);
  for (let c = 0; c < graph.candidateCount; c++) score[c] = 2 * rnd() - 1;
  return { ...graph, score };
}

/** A graph compiled with no pipeline and random additive scores; null when ../shared is absent. */
export async function randomInstance(name: string, r: Omit<InstanceRequest, "recommendation">, seed: number): Promise<ExactInstance | null> {
  const index = sharedData(r.index);
  const constraintsPath = r.constraints === undefined ? null : sharedData(r.constraints);
  if (index === null || (r.constraints !== undefined && constraintsPath === null)) return null;
  const constraints = constraintsPath === null ? [] : requirementLines(readFileSync(constraintsPath, "utf8"));
  const out = await compileGraph(loadSnapshot(index), {
    requirements: r.requirements, constraints, environment: environmentFor({ python: r.python, platform: "linux" }),
    ...(r.prereleases ? { prereleases: r.prereleases } : {}),
  });
  if (!out.ok) throw new Error(`${name}: ${out.error.message}`);
  return { name, graph: withRandomScores(out.graph, seed), pipeline: null };
}

export const TF21 = { index: "pypi-graphs/tf21-graph.json", requirements: ["tensorflow==2.1.0"], python: "3.7" } as const;
export const FLASK_2020 = { index: "pypi-graphs/flask-graph.json", requirements: ["flask"], python: "3.6", constraints: "pypi-graphs/flask-2020.constraints.txt", prereleases: "disallow" } as const;
export const FLASK_TODAY = { index: "pypi-graphs/flask-graph.json", requirements: ["flask", "jinja2<3", "click"], python: "3.8" } as const;
export const CHALICE = { index: "pypi-2020/index/pypi-2020-02-13-chalice.json", requirements: ["chalice"], python: "3.8" } as const;
export const DASK = { index: "pypi-2020/index/pypi-2020-02-13-dask.json", requirements: ["dask[complete]"], python: "3.8" } as const;
export const PANDAS = { index: "pypi-2020/index/pypi-2020-02-15-pandas.json", requirements: ["pandas[test]"], python: "3.8" } as const;
