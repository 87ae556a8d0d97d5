import { wireFieldOf, type AdviseCall, type AdviseFinal, type AdviseProgress, type AdviserHandlers, type AdviseStream } from "../../adapters/grpc/index.js";
import type { ClusterMetrics } from "../../adapters/metrics/index.js";
import { failure, type Failure, type Result } from "../../core/failure/index.js";
import type { CompiledGraph } from "../../core/graph/index.js";
import type { AdviseRequest } from "../../core/advise/index.js";
import { runAdviseJob, type AdviseJobResult, type JobProgress, type RunnerOpening } from "../compose/advise-job.js";
import { reportJson } from "../compose/report-json.js";
import { createAdviseRegistry } from "./advise-registry.js";
import { predictorCatalog } from "./predictor-catalog.js";
import { createThrottle } from "./progress-throttle.js";
import { requestFromCall } from "./request-from-call.js";

/** Progress events of one advise are at least this far apart (the final event aside). */
export const PROGRESS_INTERVAL_MS = 250;

export interface CoordinatorHandlerOptions {
  readonly maxAdvises: number;
  readonly batchSize: number;
  readonly defaultTimeoutMs: number;
  /** Batches in flight of a request that sets none. */
  readonly inFlight?: number;
  readonly leafRollouts?: number;
  readonly storePath: string;
  /** Milliseconds from any origin. */
  readonly now: () => number;
  readonly newId: () => string;
  /** A runner for one advise's graph; `deadline` on `now`'s clock. */
  openRunner(adviseId: string, graph: CompiledGraph, limits: { readonly deadline: number | null }): Promise<RunnerOpening>;
  readonly metrics?: ClusterMetrics;
  /** Admits the files and index URLs a call names (knowledge-access.ts); default: every call as it is. */
  readonly access?: (call: AdviseCall) => Result<AdviseCall>;
  /** Hears one record per finished advise (the coordinator writes it as a JSON log line). */
  readonly log?: (record: AdviseLogRecord) => void;
  /** How many finished advises GetAdvise still knows (default 1,000). */
  readonly keepFinished?: number;
}

export interface CoordinatorHandlers extends AdviserHandlers {
  /** Cancels every running advise (on shutdown) and resolves once they have all ended. */
  cancelAll(reason: string): Promise<void>;
  /** Advises running now. */
  running(): number;
}

/**
 * The coordinator's Adviser: each advise gets an id, a place in the registry (running, done,
 * failed, cancelled), a deadline and progress events at most every PROGRESS_INTERVAL_MS; at most
 * `maxAdvises` run at once, more are refused with resource-exhausted naming the limit.
 */
export function createCoordinatorHandlers(options: CoordinatorHandlerOptions): CoordinatorHandlers {
  const registry = createAdviseRegistry(options.keepFinished);
  const settled = new Map<string, Promise<unknown>>();
  const { metrics, now } = options;

  async function advise(call: AdviseCall, stream: AdviseStream): Promise<Result<AdviseFinal>> {
    if (registry.running().length >= options.maxAdvises) {
      return { ok: false, error: failure("resource-exhausted", `the coordinator runs at most ${options.maxAdvises} advises at once (--max-advises, MAAT_MAX_ADVISES) and all are taken; retry later`) };
    }
    const admitted = options.access ? options.access(call) : { ok: true as const, value: call };
    if (!admitted.ok) return admitted;
    const request = requestFromCall(admitted.value, { batchSize: options.batchSize, timeoutMs: options.defaultTimeoutMs, inFlight: options.inFlight, leafRollouts: options.leafRollouts });
    if (!request.ok) return request;
    const id = options.newId();
    const entry = registry.add(id);
    const accepted = now();
    const onClientGone = () => entry.controller.abort("the client cancelled the call or its deadline passed");
    stream.signal.addEventListener("abort", onClientGone, { once: true });
    const throttle = createThrottle(PROGRESS_INTERVAL_MS, now);
    const report = (p: JobProgress) => {
      const progress = progressEvent(id, p, now() - accepted);
      registry.progress(id, progress);
      if (Number.isFinite(p.best)) metrics?.bestScore.set(p.best);
      if (throttle()) stream.progress(progress);
    };
    report({ stacks: 0, deadEnds: 0, best: -Infinity, elapsedMs: 0 });
    const run = runAdviseJob(request.value, {
      storePath: options.storePath, now, signal: entry.controller.signal, onProgress: report,
      openRunner: (graph, limits) => options.openRunner(id, graph, limits),
    }).catch((e: unknown) => ({ ok: false as const, error: failure("internal", e instanceof Error ? e.message : String(e)) }));
    settled.set(id, run);
    let outcome: Awaited<typeof run> | undefined;
    try {
      outcome = await run;
      if (outcome.ok) {
        const final = finalEvent(id, outcome.value, now() - accepted);
        registry.finish(id, { state: "done", final });
        metrics?.advises.inc({ outcome: "done" });
        if (final.has_gap) metrics?.optimalityGap.set(final.gap);
        return { ok: true, value: final };
      }
      const error = outcome.error;
      const state = error.code === "cancelled" ? "cancelled" : "failed";
      registry.finish(id, { state, error });
      metrics?.advises.inc({ outcome: state });
      return { ok: false, error };
    } finally {
      settled.delete(id);
      stream.signal.removeEventListener("abort", onClientGone);
      options.log?.(adviseLogRecord(id, request.value, outcome, now() - accepted, registry.get(id)?.progress?.stacks_scored));
    }
  }

  return {
    advise,
    async getAdvise(id) {
      const entry = registry.get(id);
      return entry ? { ok: true, value: registry.status(entry) } : { ok: false, error: notFound(id) };
    },
    async cancelAdvise(id) {
      const entry = registry.get(id);
      if (!entry) return { ok: false, error: notFound(id) };
      if (entry.state !== "running") return { ok: true, value: { cancelled: false } };
      entry.controller.abort("cancelled by CancelAdvise");
      return { ok: true, value: { cancelled: true } };
    },
    listPredictors: predictorCatalog,
    async cancelAll(reason) {
      for (const entry of registry.running()) entry.controller.abort(reason);
      await Promise.all([...settled.values()]);
    },
    running: () => registry.running().length,
  };
}

/** One line per advise (issue 15): its id, a summary of the request, the outcome, the duration and the stacks scored. */
export interface AdviseLogRecord {
  readonly event: "advise";
  readonly advise_id: string;
  readonly request: {
    readonly requirements: number;
    /** The first five, as given. */
    readonly first_requirements: readonly string[];
    readonly index: "snapshot" | "url";
    readonly predictor: string;
    readonly recommendation: string;
    readonly budget: number;
    readonly timeout_ms: number | null;
  };
  readonly outcome: "done" | "failed" | "cancelled";
  readonly error_code?: string;
  readonly duration_ms: number;
  readonly stacks: number;
}

function adviseLogRecord(id: string, request: AdviseRequest, outcome: Result<AdviseJobResult> | undefined, ms: number, progressStacks: number | string | undefined): AdviseLogRecord {
  const failed = outcome === undefined || !outcome.ok ? (outcome?.ok === false ? outcome.error.code : "internal") : null;
  return {
    event: "advise", advise_id: id,
    request: {
      requirements: request.requirements.length, first_requirements: request.requirements.slice(0, 5),
      index: /^https?:\/\//.test(request.indexes[0] ?? "") ? "url" : "snapshot",
      predictor: request.predictor, recommendation: request.recommendation, budget: request.budget, timeout_ms: request.timeoutMs,
    },
    outcome: failed === null ? "done" : failed === "cancelled" ? "cancelled" : "failed",
    ...(failed === null ? {} : { error_code: failed }),
    duration_ms: Math.round(ms),
    stacks: outcome?.ok ? outcome.value.report.stats.stacks_scored : Number(progressStacks ?? 0),
  };
}

const notFound = (id: string): Failure => failure("not-found", `no advise ${JSON.stringify(id)} (unknown, or finished long ago and forgotten)`);

function progressEvent(id: string, p: JobProgress, sinceAcceptedMs: number): AdviseProgress {
  return {
    advise_id: id, stacks_scored: p.stacks, dead_ends: p.deadEnds,
    best_score: Number.isFinite(p.best) ? p.best : 0, has_best_score: Number.isFinite(p.best),
    stacks_per_second: p.elapsedMs > 0 ? Math.round(p.stacks / (p.elapsedMs / 1000)) : 0,
    elapsed_seconds: sinceAcceptedMs / 1000,
  };
}

function finalEvent(id: string, result: AdviseJobResult, sinceAcceptedMs: number): AdviseFinal {
  const { report, warnings } = result;
  const best = report.products[0];
  return {
    advise_id: id, report_json: reportJson(result),
    stacks_scored: report.stats.stacks_scored, best_score: best?.score ?? 0, has_best_score: best !== undefined,
    elapsed_seconds: sinceAcceptedMs / 1000, products: report.products.length,
    gap: report.stats.gap ?? 0, has_gap: report.stats.gap !== null,
    warnings: warnings.map((w) => ({ field: w.field === undefined ? "" : wireFieldOf(w.field), message: w.message })),
  };
}
