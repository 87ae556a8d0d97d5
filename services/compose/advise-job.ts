import { dirname } from "node:path";
import { adviseGraph, noStackAnswer, planAdvise, type AdviseControl, type AdviseReport, type AdviseRequest, type NoStackReason } from "../../core/advise/index.js";
import { recordingCatalog } from "../../core/catalog/index.js";
import { failure, type Failure, type Result, type Warning } from "../../core/failure/index.js";
import type { CompiledGraph } from "../../core/graph/index.js";
import { RunnerFailure, type RolloutRunner } from "../../core/rollout/index.js";
import { abortReason, cancellableRunner } from "./cancellable-runner.js";
import { openJobCatalog, type JobCatalog } from "./job-catalog.js";
import { loadJobKnowledge, type KnowledgeUsed } from "./job-knowledge.js";

/** A runner a job opens for its graph and closes when the search ends. */
export interface JobRunner extends RolloutRunner {
  close(): Promise<void> | void;
}

/** A runner for a job's graph, or why none could be opened (a runner failure's code and message). */
export type RunnerOpening = Result<JobRunner>;

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
  /** Aborting it ends the job with a `cancelled` failure at the next batch or phase. */
  readonly signal?: AbortSignal;
}

export interface AdviseJobResult {
  readonly report: AdviseReport;
  readonly warnings: readonly Warning[];
  /** Why no stack satisfies the request (the report has no products then); null otherwise. */
  readonly explanation: string | null;
  /** The same reason as data (packages, versions, advisory ids); null when there is a stack. */
  readonly conflict: NoStackReason | null;
  /** Which advisories, prescriptions and scores the advise used. */
  readonly knowledge: KnowledgeUsed;
}

const fail = (error: Failure): Result<AdviseJobResult> => ({ ok: false, error });

/**
 * Runs one validated advise request (glossary: advise job), the same embedded and on a
 * coordinator: opens the catalog, loads the knowledge, lets core/advise plan it (pipeline,
 * compiled graph, scores check) and check that a stack exists, then searches with the
 * environment's runner. Bad input comes back as an invalid-argument failure naming the field.
 */
export async function runAdviseJob(request: AdviseRequest, env: AdviseJobEnvironment): Promise<Result<AdviseJobResult>> {
  const opened = await openJobCatalog(request, env.storePath);
  if (!opened.ok) return opened;
  try {
    return await adviseOver(request, env, opened.value);
  } finally {
    opened.value.close();
  }
}

/** The plan's and the feasibility check's resolver runs take at most the request's timeout from the job's start. */
export const PLAN_TIMEOUT_TEXT = "resolving the request's dependencies took longer than the timeout";

/**
 * The control of the resolver runs before the search: they give the event loop turns, and stop
 * with `cancelled` once the signal aborts or the user asks to stop, with `deadline-exceeded` once
 * the request's timeout (from `started`) has passed.
 */
function planControl(request: AdviseRequest, env: AdviseJobEnvironment, started: number): AdviseControl {
  const deadline = request.timeoutMs === null ? Infinity : started + request.timeoutMs;
  return {
    now: env.now,
    pause: () => new Promise<void>((resolve) => setImmediate(resolve)),
    stop: () => {
      if (env.signal?.aborted) return failure("cancelled", abortReason(env.signal));
      if (env.stopRequested?.() === true) return failure("cancelled", "interrupted while resolving the request's dependencies");
      return env.now() >= deadline ? failure("deadline-exceeded", PLAN_TIMEOUT_TEXT) : null;
    },
  };
}

async function adviseOver(request: AdviseRequest, env: AdviseJobEnvironment, opened: JobCatalog): Promise<Result<AdviseJobResult>> {
  const jobStarted = env.now();
  const control = planControl(request, env, jobStarted);
  const cancelled = () => (env.signal?.aborted ? fail(failure("cancelled", abortReason(env.signal))) : null);
  const catalog = recordingCatalog(opened.catalog);
  env.onPhase?.({ phase: "loading-knowledge" });
  const knowledge = await loadJobKnowledge(request, dirname(env.storePath), env.onPhase && ((detail) => env.onPhase?.({ phase: "loading-knowledge", detail })), env.signal);
  // A load stopped by the signal is the cancellation's doing, not bad input.
  if (!knowledge.ok) return cancelled() ?? knowledge;
  const loaded = cancelled();
  if (loaded) return loaded;
  const used = knowledge.value.used;
  env.onPhase?.({ phase: "compiling" });
  const plan = await planAdvise(catalog, request, knowledge.value, control);
  if (!plan.ok) return plan;
  const warnings: Warning[] = [...opened.warnings.map((message) => ({ message })), ...knowledge.value.warnings, ...plan.value.warnings];
  const stop = cancelled();
  if (stop) return stop;
  const none = await noStackAnswer(catalog, request, plan.value, knowledge.value, control);
  if ("stopped" in none) return fail(none.stopped);
  if (!("resolved" in none)) return { ok: true, value: { report: none.report, warnings, explanation: none.explanation, conflict: none.conflict, knowledge: used } };
  const { graph, pipeline } = plan.value;
  const started = env.now();
  // The timeout is the whole advise's, from the job's start: loading, the plan and the search share it.
  const deadline = request.timeoutMs === null ? null : jobStarted + request.timeoutMs;
  let runner: JobRunner | undefined;
  if (request.predictor !== "exact") {
    const opening = await env.openRunner(graph, { deadline });
    if (!opening.ok) return opening;
    runner = opening.value;
  }
  // exact proves; auto proves first and says "searching" when its rollout predictor takes over.
  env.onPhase?.({ phase: request.predictor === "exact" || request.predictor === "auto" ? "proving" : "searching" });
  try {
    const onProgress = env.onProgress;
    const report = await adviseGraph(graph, pipeline, {
      predictor: request.predictor, budget: request.budget, count: request.count, seed: request.seed, batchSize: request.batchSize, inFlight: request.inFlight, leafRollouts: request.leafRollouts,
      now: env.now, deadline: deadline ?? undefined, interrupted: env.stopRequested, resolved: none.resolved,
      // Branch and bound gives the event loop a turn every few tens of ms (progress, Ctrl-C, a coordinator's other calls).
      pause: () => new Promise<void>((resolve) => setImmediate(resolve)), onPhase: (phase, detail) => env.onPhase?.(detail === undefined ? { phase } : { phase, detail }),
      runner: runner && env.signal ? cancellableRunner(runner, env.signal) : runner,
      onProgress: onProgress && ((p) => onProgress({ ...p, elapsedMs: env.now() - started })),
    });
    return cancelled() ?? { ok: true, value: { report, warnings, explanation: null, conflict: null, knowledge: used } };
  } catch (error) {
    if (error instanceof RunnerFailure) return fail(error.toData());
    throw error;
  } finally {
    await runner?.close();
  }
}
