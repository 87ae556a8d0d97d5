import type { RecordingCatalog } from "../catalog/index.js";
import { compileGraph, type CompileRequest } from "../compile/index.js";
import { invalidArgument, type Result, type Warning } from "../failure/index.js";
import type { CompiledGraph } from "../graph/index.js";
import {
  buildPipeline, objectiveWeights, unknownScoredPackages, weightErrorText, type AdvisoriesByProject, type Pipeline, type PipelineUnit,
} from "../pipeline/index.js";
import { compileRequestOf } from "../request/index.js";
import { problemText, searchGraph, searchGraphInTurns } from "../resolution/index.js";
import { stopCheck, type AdviseControl } from "./advise-control.js";
import type { AdviseRequest } from "./advise-request.js";

/** What an advise knows about the software besides the catalog: its pipeline units and, when given, the advisories. */
export interface AdviseKnowledge {
  readonly units: readonly PipelineUnit[];
  readonly advisories?: AdvisoriesByProject;
}

/** An advise ready to search: its pipeline and compiled graph. */
export interface AdvisePlan {
  readonly pipeline: Pipeline;
  readonly graph: CompiledGraph;
  /** The request without the pipeline's hooks (the security type compiles it again). */
  readonly compileRequest: Omit<CompileRequest, "sieve" | "score" | "keepDependency" | "addedRequirements">;
  /** What the compiler skipped (a package not found, an invalid version), as warnings. */
  readonly warnings: readonly Warning[];
}

/**
 * The decisions before a search: checks the objective's weights against the request's units (an
 * unknown name or a bad weight names every valid one), builds the pipeline with them (a boot unit
 * may refuse the request), compiles
 * the graph with its hooks (an invalid requirement or constraint names its field), and checks that
 * the user's scores name only packages of the closure. Bad input is an invalid-argument failure.
 * With a `control`, the resolver's run for the search graph gives the event loop turns and ends
 * the plan with the failure `control.stop` gives (the deadline passed, Ctrl-C).
 */
export async function planAdvise(catalog: RecordingCatalog, request: AdviseRequest, knowledge: AdviseKnowledge, control?: AdviseControl): Promise<Result<AdvisePlan>> {
  const { environment } = request;
  const objective = objectiveWeights(knowledge.units, request.weights);
  if (!objective.ok) return refuse(weightErrorText(objective.error), "weights");
  const pipeline = buildPipeline({
    recommendationType: request.recommendation, environment, requirements: request.requirements,
    units: knowledge.units, releases: (name) => catalog.releases(name), objective: objective.value,
  });
  if (pipeline.refused) return refuse(`${pipeline.refused.unit}: ${pipeline.refused.reason}`);
  const compileRequest = compileRequestOf(request);
  const compiled = await compileGraph(catalog, { ...compileRequest, ...pipeline.hooks });
  if (!compiled.ok) return refuse(compiled.error.message, compileErrorField(request, compiled.error));
  const unknown = request.scores && request.scores.partial !== true ? unknownScoredPackages(request.scores.table, compiled.graph) : [];
  if (unknown.length > 0) {
    return refuse(`${request.scores!.source} names packages that are not in the closure of the requirements: ${unknown.join(", ")}`, "scores");
  }
  const warnings = compiled.problems.map((p) => ({ message: problemText(p) }));
  // The search sees the prereleases the policy may need, not every one (searchGraph).
  if (control === undefined) return { ok: true, value: { pipeline, graph: searchGraph(compiled.graph), compileRequest, warnings } };
  const { shouldStop, stopped } = stopCheck(control);
  const graph = await searchGraphInTurns(compiled.graph, { pause: control.pause, now: control.now, shouldStop });
  const why = stopped();
  if (graph === "stopped") {
    if (why === null) throw new Error("planAdvise: the search graph's resolver stopped without a reason (bug)");
    return { ok: false, error: why };
  }
  return { ok: true, value: { pipeline, graph, compileRequest, warnings } };
}

/** The request entry an invalid-requirement error quotes (a requirement, a constraint, else the Python version); the indexes for one they could not answer. */
function compileErrorField(request: AdviseRequest, error: { readonly kind: string; readonly text?: string }): string | undefined {
  if (error.kind === "offline") return "indexes";
  if (error.kind !== "invalid-requirement" || error.text === undefined) return undefined;
  const r = request.requirements.indexOf(error.text);
  if (r >= 0) return `requirements[${r}]`;
  const c = request.constraints.indexOf(error.text);
  return c >= 0 ? `constraints[${c}]` : "python";
}

function refuse<T>(message: string, field?: string): Result<T> {
  return { ok: false, error: invalidArgument(message, field) };
}
