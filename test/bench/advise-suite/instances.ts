/**
 * The advise suite's instances: a request (snapshot, requirements, constraints, Python) times an
 * objective (pipeline units and weights, plus random pairwise stack rules for the non-additive
 * ones), compiled into a graph and the stack rules the search sees through its runner.
 */
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadAdvisories } from "../../../adapters/osv/index.js";
import { loadPrescriptions } from "../../../adapters/prescriptions/index.js";
import { loadSnapshot } from "../../../adapters/snapshot/index.js";
import type { Catalog } from "../../../core/catalog/index.js";
import { compileGraph, type PrereleasePolicy } from "../../../core/compile/index.js";
import { randomPairwiseRules, randomScoreStep } from "../../../core/experiment/index.js";
import type { CompiledGraph } from "../../../core/graph/index.js";
import { environmentFor } from "../../../core/pep508/index.js";
import { recordingCatalog } from "../../../core/catalog/index.js";
import {
  buildPipeline, builtInUnits, objectiveWeights, versionMatches, weightErrorText, type AdvisoriesByProject, type PipelineUnit,
} from "../../../core/pipeline/index.js";
import { prescriptionUnits } from "../../../core/prescription-units/index.js";
import { compileStackRules, createStackRules, type StackRules } from "../../../core/stack-rules/index.js";
import { sharedData } from "../../support/shared-data.js";
import { requirementLines } from "../../experiment/universes.js";

export interface SuiteRequest {
  readonly name: string;
  readonly snapshot: readonly string[];
  readonly requirements: readonly string[];
  readonly constraints?: readonly string[];
  readonly python: string;
  readonly prereleases?: PrereleasePolicy;
}

/** The requests of issue 13's suite (paths under ../shared/data). */
export const REQUESTS: readonly SuiteRequest[] = [
  { name: "flask-2020", snapshot: ["pypi-graphs", "flask-graph.json"], requirements: ["flask"], constraints: ["pypi-graphs", "flask-2020.constraints.txt"], python: "3.6", prereleases: "disallow" },
  { name: "flask-today", snapshot: ["pypi-graphs", "flask-graph.json"], requirements: ["flask"], python: "3.8" },
  { name: "tf21", snapshot: ["pypi-graphs", "tf21-graph.json"], requirements: ["tensorflow==2.1.0"], python: "3.7" },
  { name: "pandas-test", snapshot: ["pypi-2020", "index", "pypi-2020-02-15-pandas.json"], requirements: ["pandas[test]"], python: "3.8" },
  { name: "dask-complete", snapshot: ["pypi-2020", "index", "pypi-2020-02-13-dask.json"], requirements: ["dask[complete]"], python: "3.8" },
  { name: "chalice", snapshot: ["pypi-2020", "index", "pypi-2020-02-13-chalice.json"], requirements: ["chalice"], python: "3.8" },
];

/** Objective names: stable, stable+prescriptions, random-1..3, random-1..3+pairwise. */
export const OBJECTIVES: readonly string[] = ["stable", "stable+prescriptions", "random-1", "random-2", "random-3", "random-1+pairwise", "random-2+pairwise", "random-3+pairwise"];

export interface Instance {
  readonly request: string;
  readonly objective: string;
  /** Null when the request has no stack in its snapshot (the compiled graph still exists). */
  readonly graph: CompiledGraph;
  /** The state-dependent part of the objective (pipeline stack rules and pairwise terms); null: additive. */
  readonly rules: StackRules | null;
  /** What the objective adds up, in words. */
  readonly description: string;
  /** Weights in effect (the pipeline's). */
  readonly weights: Readonly<Record<string, number>>;
}

/** Knowledge loaded once per suite run (advisories, prescriptions), cached under the system temp folder. */
export interface Knowledge {
  readonly advisories: AdvisoriesByProject | null;
  readonly prescriptions: Awaited<ReturnType<typeof loadPrescriptions>> | null;
}

const CACHE = join(tmpdir(), "maat-bench-advise-cache");

export async function loadKnowledge(needPrescriptions: boolean): Promise<Knowledge> {
  const vulns = sharedData("osv-pypa", "vulns");
  const advisories = vulns === null ? null : loadAdvisories(vulns, { cacheDir: join(CACHE, "advisories") });
  if (advisories !== null && !advisories.ok) throw new Error(advisories.error);
  const tarball = sharedData("thoth-prescriptions.tar.gz");
  const prescriptions = needPrescriptions && tarball !== null ? await loadPrescriptions(tarball, { cacheDir: join(CACHE, "prescriptions") }) : null;
  if (prescriptions !== null && !prescriptions.ok) throw new Error(prescriptions.error);
  return { advisories: advisories?.value.byProject ?? null, prescriptions };
}

/** The instance of a request and an objective, or a reason it cannot be built (data absent). */
export async function buildInstance(request: SuiteRequest, objective: string, knowledge: Knowledge): Promise<Instance | string> {
  const snapshot = sharedData(...request.snapshot);
  if (snapshot === null) return `${request.snapshot.join("/")} is absent`;
  const constraintsPath = request.constraints ? sharedData(...request.constraints) : null;
  const constraints = constraintsPath ? requirementLines(readFileSync(constraintsPath, "utf8")) : [];
  const environment = environmentFor({ python: request.python, platform: "linux" });
  const m = /^(stable|random-(\d+))(\+prescriptions|\+pairwise)?$/.exec(objective);
  if (m === null) throw new RangeError(`objective ${JSON.stringify(objective)}: expected one of ${OBJECTIVES.join(", ")}`);
  const random = m[2] === undefined ? null : Number(m[2]);
  const units: PipelineUnit[] = [];
  let weights: Record<string, number> = {};
  let description: string;
  if (random === null) {
    if (knowledge.advisories === null) return "../shared/data/osv-pypa/vulns is absent";
    units.push(...builtInUnits({ recommendationType: "stable", advisories: knowledge.advisories }));
    description = "recency + advisories (-0.2 each)";
    if (m[3] === "+prescriptions") {
      const loaded = knowledge.prescriptions;
      if (loaded === null || !loaded.ok) return "../shared/data/thoth-prescriptions.tar.gz is absent";
      units.push(...prescriptionUnits(loaded.value.units, {
        pipeline: "adviser", recommendationType: "stable", authenticated: false, labels: {},
        environment: { pythonVersion: request.python, platform: "linux-x86_64" }, versionSatisfies: versionMatches,
      }).units);
      description += " + Thoth prescriptions";
    }
  } else {
    units.push(...builtInUnits({ recommendationType: "stable" }), randomScoreStep(random));
    weights = { recency: 0 };
    description = `random score per candidate in [-1, 1] (seed ${random}), recency weight 0`;
    if (m[3] === "+pairwise") description += ` + random pairwise terms in [-0.5, 0.5] on half the dependency edges (seed ${random})`;
  }
  const checked = objectiveWeights(units, weights);
  if (!checked.ok) throw new Error(weightErrorText(checked.error));
  const catalog = recordingCatalog(loadSnapshot(snapshot) as Catalog);
  const pipeline = buildPipeline({
    recommendationType: "stable", environment, requirements: request.requirements, units, releases: (n) => catalog.releases(n), objective: checked.value,
  });
  const compiled = await compileGraph(catalog, {
    requirements: request.requirements, constraints, environment, prereleases: request.prereleases ?? "if-necessary-or-explicit", ...pipeline.hooks,
  });
  if (!compiled.ok) return compiled.error.message;
  const graph = compiled.graph;
  const pipelineRules = compileStackRules(graph, pipeline);
  let rules: StackRules | null = pipelineRules.empty ? null : pipelineRules;
  if (m[3] === "+pairwise") {
    const pairwise = randomPairwiseRules(graph, random ?? 0);
    rules = rules === null ? pairwise : createStackRules(graph, [...rules.predicates, ...pairwise.predicates]);
  }
  return { request: request.name, objective, graph, rules, description, weights: pipeline.objective.inEffect() };
}
