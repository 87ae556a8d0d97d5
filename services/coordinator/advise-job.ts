import { dirname } from "node:path";
import { adviseGraph, noStackReason, type AdviseReport, type NoStackReason, type PredictorName } from "../../core/advise/index.js";
import { compileGraph, type PrereleasePolicy } from "../../core/compile/index.js";
import type { CompiledGraph } from "../../core/graph/index.js";
import { environmentFor, type Environment, type Target } from "../../core/pep508/index.js";
import { buildPipeline, recordingCatalog, secureStack, unknownScoredPackages, type ScoreTable } from "../../core/pipeline/index.js";
import type { RecommendationType } from "../../core/prescription/index.js";
import { problemText } from "../../core/resolution/index.js";
import { solve } from "../../core/resolver/index.js";
import { RunnerFailure, type RolloutRunner, type RunnerFailureCode } from "../../core/rollout/index.js";
import { invalidArgument, type AdviseJobError, type AdviseJobField, type AdviseJobWarning } from "./advise-job-error.js";
import { abortReason, cancellableRunner } from "./cancellable-runner.js";
import { openJobCatalog, type JobCatalog } from "./job-catalog.js";
import { loadJobKnowledge, type KnowledgeUsed } from "./job-knowledge.js";

/** User scores and where they came from (a file path, or the request field), for messages. */
export interface JobScores {
  readonly table: ScoreTable;
  readonly source: string;
}

/** One advise, validated and typed: everything that decides its report. */
export interface AdviseJob {
  readonly requirements: readonly string[];
  readonly constraints: readonly string[];
  /** One snapshot path (file or folder), or index URLs. */
  readonly indexes: readonly string[];
  readonly offline: boolean;
  readonly target: Target;
  readonly prereleases: PrereleasePolicy;
  readonly recommendation: RecommendationType;
  readonly predictor: PredictorName;
  /** Stacks scored allowed. */
  readonly budget: number;
  /** Rollouts per batch: the search's rounds, so part of what decides the report. */
  readonly batchSize: number;
  /** The search stops at the first batch boundary this long after it started; null: no limit. */
  readonly timeoutMs: number | null;
  readonly count: number;
  readonly seed: number;
  readonly scores: JobScores | null;
  readonly advisoriesPath: string | null;
  readonly prescriptionsPath: string | null;
}

/** A runner a job opens for its graph and closes when the search ends. */
export interface JobRunner extends RolloutRunner {
  close(): Promise<void> | void;
}

export type RunnerOpening =
  | { readonly ok: true; readonly value: JobRunner }
  | { readonly ok: false; readonly error: { readonly code: RunnerFailureCode; readonly message: string } };

/** Progress after each batch; `elapsedMs` since the search started. */
export interface JobProgress {
  readonly stacks: number;
  readonly deadEnds: number;
  readonly best: number;
  readonly elapsedMs: number;
}

/** What a job is doing, for a progress display; `detail` says more (e.g. prescription files read so far). */
export interface JobPhase {
  readonly phase: "loading-knowledge" | "compiling" | "searching" | "proving";
  readonly detail?: string;
}

/** Where and how a job runs. */
export interface AdviseJobEnvironment {
  /** The knowledge store for index URLs; advisory and prescription caches sit beside it. */
  readonly storePath: string;
  /** Milliseconds from any origin. */
  readonly now: () => number;
  /** A runner for the compiled graph (not asked for by the exact predictor). `deadline` is on `now`'s clock. */
  openRunner(graph: CompiledGraph, limits: { readonly deadline: number | null }): Promise<RunnerOpening>;
  readonly onProgress?: (progress: JobProgress) => void;
  readonly onPhase?: (phase: JobPhase) => void;
  /** True once the user asked to stop: the search ends at the next batch with the stacks found so far (`stopped: "interrupted"`). */
  readonly stopRequested?: () => boolean;
  /** Aborting it ends the job with a `cancelled` error at the next batch or phase. */
  readonly signal?: AbortSignal;
}

export interface AdviseJobResult {
  readonly report: AdviseReport;
  readonly warnings: readonly AdviseJobWarning[];
  /** Why no stack satisfies the request (the report has no products then); null otherwise. */
  readonly explanation: string | null;
  /** The same reason as data (packages, versions, advisory ids); null when there is a stack. */
  readonly conflict: NoStackReason | null;
  /** Which advisories, prescriptions and scores the advise used. */
  readonly knowledge: KnowledgeUsed;
}

export type AdviseJobOutcome = { readonly ok: true; readonly value: AdviseJobResult } | { readonly ok: false; readonly error: AdviseJobError };

const fail = (error: AdviseJobError): AdviseJobOutcome => ({ ok: false, error });

/**
 * Runs one advise: opens the catalog, loads the knowledge, builds the pipeline, compiles the graph,
 * checks that a stack exists (with the security type's "no safe stack" answer), then searches with
 * the environment's runner. Bad input comes back as an invalid-argument error naming the field.
 */
export async function runAdviseJob(job: AdviseJob, env: AdviseJobEnvironment): Promise<AdviseJobOutcome> {
  let environment: Environment;
  try {
    environment = environmentFor(job.target);
  } catch (error) {
    const [, key, message] = /^target\.(\w+): (.*)$/s.exec((error as Error).message) ?? [];
    if (key === undefined) throw error;
    return fail(invalidArgument(message, key === "python" ? "python" : "platform"));
  }
  const opened = await openJobCatalog(job.indexes, job.offline, env.storePath);
  if (!opened.ok) return opened;
  try {
    return await adviseOver(job, env, environment, opened.value);
  } finally {
    opened.value.close();
  }
}

async function adviseOver(job: AdviseJob, env: AdviseJobEnvironment, environment: Environment, opened: JobCatalog): Promise<AdviseJobOutcome> {
  const cancelled = () => (env.signal?.aborted ? fail({ code: "cancelled", message: abortReason(env.signal) }) : null);
  const catalog = recordingCatalog(opened.catalog);
  env.onPhase?.({ phase: "loading-knowledge" });
  const knowledge = await loadJobKnowledge({ ...job, scores: job.scores?.table ?? null, scoresSource: job.scores?.source, environment }, dirname(env.storePath),
    env.onPhase && ((detail) => env.onPhase?.({ phase: "loading-knowledge", detail })));
  if (!knowledge.ok) return knowledge;
  const pipeline = buildPipeline({
    recommendationType: job.recommendation, environment, requirements: job.requirements,
    units: knowledge.value.units, releases: (name) => catalog.releases(name),
  });
  if (pipeline.refused) return fail(invalidArgument(`${pipeline.refused.unit}: ${pipeline.refused.reason}`));
  const compileRequest = { requirements: job.requirements, constraints: job.constraints, environment, prereleases: job.prereleases };
  env.onPhase?.({ phase: "compiling" });
  const compiled = await compileGraph(catalog, { ...compileRequest, ...pipeline.hooks });
  if (!compiled.ok) return fail(invalidArgument(compiled.error.message, compileErrorField(job, compiled.error)));
  const warnings: AdviseJobWarning[] = [
    ...opened.warnings.map((message) => ({ message })), ...knowledge.value.warnings, ...compiled.problems.map((p) => ({ message: problemText(p) })),
  ];
  const unknown = job.scores ? unknownScoredPackages(job.scores.table, compiled.graph) : [];
  if (unknown.length > 0) {
    return fail(invalidArgument(`${job.scores!.source} names packages that are not in the closure of the requirements: ${unknown.join(", ")}`, "scores"));
  }
  const stop = cancelled();
  if (stop) return stop;
  const resolvable = solve(compiled.graph);
  if (!resolvable.satisfiable) {
    let explanation = resolvable.status === "unsatisfiable" ? resolvable.explanation : "the resolver stopped at its conflict limit";
    const secure = job.recommendation === "security" && knowledge.value.advisories
      ? await secureStack(catalog, compileRequest, pipeline, knowledge.value.advisories) : undefined;
    if (secure?.kind === "no-safe-stack" || secure?.kind === "error") explanation = secure.message;
    const conflict = noStackReason(compiled.graph, resolvable, secure);
    return { ok: true, value: { report: { products: [], stack_info: pipeline.stackInfo, stats: emptyStats(job.predictor) }, warnings, explanation, conflict, knowledge: knowledge.value.used } };
  }
  const started = env.now();
  const deadline = job.timeoutMs === null ? null : started + job.timeoutMs;
  let runner: JobRunner | undefined;
  if (job.predictor !== "exact") {
    const opening = await env.openRunner(compiled.graph, { deadline });
    if (!opening.ok) return fail(opening.error);
    runner = opening.value;
  }
  env.onPhase?.({ phase: job.predictor === "exact" ? "proving" : "searching" });
  try {
    const onProgress = env.onProgress;
    const report = await adviseGraph(compiled.graph, pipeline, {
      predictor: job.predictor, budget: job.budget, count: job.count, seed: job.seed, batchSize: job.batchSize,
      now: env.now, deadline: deadline ?? undefined, interrupted: env.stopRequested,
      runner: runner && env.signal ? cancellableRunner(runner, env.signal) : runner,
      onProgress: onProgress && ((p) => onProgress({ ...p, elapsedMs: env.now() - started })),
    });
    return cancelled() ?? { ok: true, value: { report, warnings, explanation: null, conflict: null, knowledge: knowledge.value.used } };
  } catch (error) {
    if (error instanceof RunnerFailure) return fail(error.toData());
    throw error;
  } finally {
    await runner?.close();
  }
}

/** The request entry an invalid-requirement error quotes (a requirement, a constraint, else the Python version); the index for one it could not answer. */
function compileErrorField(job: AdviseJob, error: { readonly kind: string; readonly text?: string }): AdviseJobField | undefined {
  if (error.kind === "offline") return "index";
  if (error.kind !== "invalid-requirement" || error.text === undefined) return undefined;
  const r = job.requirements.indexOf(error.text);
  if (r >= 0) return `requirements[${r}]`;
  const c = job.constraints.indexOf(error.text);
  return c >= 0 ? `constraints[${c}]` : "python";
}

function emptyStats(predictor: PredictorName): AdviseReport["stats"] {
  return { predictor, stacks_scored: 0, dead_ends: 0, elapsed_ms: 0, stacks_per_second: 0, best_found_at: 0, optimal: false, gap: null, stopped: "exhausted" };
}
