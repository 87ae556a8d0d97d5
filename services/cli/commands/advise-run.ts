import { PREDICTOR_NAMES, type PredictorName } from "../../../core/advise/index.js";
import { RECOMMENDATION_TYPES, type RecommendationType } from "../../../core/prescription/index.js";
import { ADVISE_DEFAULTS } from "../../coordinator/advise-defaults.js";
import { runAdviseJob, type AdviseJob, type AdviseJobOutcome, type JobScores } from "../../coordinator/advise-job.js";
import { readCliConfig } from "../config.js";
import { defaultIndexHint, defaultIndexNote } from "../default-index.js";
import { parseRequest, type ParsedRequest, type RequestFlags } from "../request-options.js";
import { UsageError } from "../usage-error.js";
import { flagOfJobField, withFlag } from "./advise-flag-names.js";
import { printReport, type ReportOutput } from "./advise-print.js";
import { progressFor } from "./advise-progress.js";
import { INTERRUPTED_EXIT_CODE, searchInterrupt } from "./search-interrupt.js";

export interface AdviseFlags extends RequestFlags {
  readonly recommendation?: string;
  readonly predictor?: string;
  readonly budget?: string;
  readonly timeout?: string;
  readonly count?: string;
  readonly seed?: string;
  readonly scores?: string;
  readonly advisories?: string;
  readonly prescriptions?: string;
  readonly server?: string;
  readonly verbose?: boolean;
}

/** `maat advise`, loaded only when the command runs: embedded, or on a coordinator with `--server`. */
export async function runAdvise(reqs: string[], flags: AdviseFlags): Promise<number> {
  const request = parseRequest(reqs, flags);
  const job = await adviseJobOf(request, flags);
  const config = readCliConfig(process.env);
  const output: ReportOutput = { format: request.format, verbose: flags.verbose ?? false, noColor: config.noColor };
  const hint = request.defaultIndex ? defaultIndexHint(request.offline) : null;
  if (flags.server !== undefined) {
    if (request.defaultIndex) process.stderr.write(`${defaultIndexNote(request.offline, "of the coordinator")}\n`);
    const { runRemoteAdvise } = await import("./advise-remote.js");
    return runRemoteAdvise(flags.server, job, output);
  }
  if (request.defaultIndex) process.stderr.write(`${defaultIndexNote(request.offline, config.storePath)}\n`);
  return runEmbeddedAdvise(job, output, config.storePath, hint);
}

/**
 * The advise job in this process, its rollouts on a thread pool of this machine's cores. Ctrl-C
 * during the search prints the best stacks found so far, marked interrupted, and exits 130.
 */
async function runEmbeddedAdvise(job: AdviseJob, output: ReportOutput, storePath: string, indexHint: string | null): Promise<number> {
  const progress = progressFor(output.format, job.budget, job.timeoutMs, output.noColor);
  const interrupt = searchInterrupt(
    () => progress?.phase({ phase: "searching", detail: "stopping, Ctrl-C again quits" }),
    () => progress?.clear(),
  );
  let outcome: AdviseJobOutcome;
  try {
    outcome = await runAdviseJob(job, {
      storePath,
      now: () => performance.now(),
      openRunner: async (graph) => {
        const { RolloutPool, createThreadRunner } = await import("../../../adapters/piscina/index.js");
        const pool = new RolloutPool();
        return { ok: true, value: { ...createThreadRunner(pool, graph), close: () => pool.destroy() } };
      },
      onProgress: progress && ((p) => progress.search(p)),
      onPhase: (phase) => {
        if (phase.phase === "searching") interrupt.arm();
        progress?.phase(phase);
      },
      stopRequested: interrupt.requested,
    });
  } finally {
    interrupt.disarm();
    progress?.clear();
  }
  if (!outcome.ok) {
    const hint = outcome.error.field === "index" && indexHint !== null ? `\n${indexHint}` : "";
    const message = `${withFlag(flagOfJobField(outcome.error.field), outcome.error.message)}${hint}`;
    if (outcome.error.code === "invalid-argument") throw new UsageError(message);
    process.stderr.write(`maat: ${message}\n`);
    return 1;
  }
  const { warnings } = outcome.value;
  printReport(output, outcome.value, warnings.map((w) => withFlag(flagOfJobField(w.field), w.message)));
  return outcome.value.report.stats.stopped === "interrupted" ? INTERRUPTED_EXIT_CODE : 0;
}

/** The job a command line asks for; every refusal names the flag. */
async function adviseJobOf(request: ParsedRequest, flags: AdviseFlags): Promise<AdviseJob> {
  const recommendation = flags.recommendation ?? ADVISE_DEFAULTS.recommendation;
  if (!(RECOMMENDATION_TYPES as readonly string[]).includes(recommendation)) {
    throw new UsageError(`--recommendation: expected ${RECOMMENDATION_TYPES.join(", ")}, got ${JSON.stringify(recommendation)}`);
  }
  const predictor = flags.predictor ?? ADVISE_DEFAULTS.predictor;
  if (!(PREDICTOR_NAMES as readonly string[]).includes(predictor)) {
    throw new UsageError(`--predictor: expected ${PREDICTOR_NAMES.join(", ")}, got ${JSON.stringify(predictor)}`);
  }
  let timeoutMs: number | null = null;
  if (flags.timeout !== undefined) {
    const t = Number(flags.timeout);
    if (!Number.isFinite(t) || t <= 0 || flags.timeout.trim() === "") throw new UsageError(`--timeout: expected a number of seconds greater than 0, got ${JSON.stringify(flags.timeout)}`);
    timeoutMs = t * 1000;
  }
  const seed = flags.seed === undefined ? ADVISE_DEFAULTS.seed : Number(flags.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`--seed: expected a whole number from 0, got ${JSON.stringify(flags.seed)}`);
  return {
    requirements: request.requirements, constraints: request.constraints, indexes: request.indexes, offline: request.offline,
    target: request.target, prereleases: request.prereleases,
    recommendation: recommendation as RecommendationType,
    predictor: predictor as PredictorName,
    budget: positiveInteger("--budget", flags.budget, ADVISE_DEFAULTS.budget),
    batchSize: ADVISE_DEFAULTS.batchSize,
    timeoutMs,
    count: positiveInteger("--count", flags.count, ADVISE_DEFAULTS.count),
    seed,
    scores: flags.scores === undefined ? null : await readScores(flags.scores),
    advisoriesPath: flags.advisories ?? null,
    prescriptionsPath: flags.prescriptions ?? null,
  };
}

async function readScores(path: string): Promise<JobScores> {
  const { readScoresFile } = await import("../../../adapters/scores-file/index.js");
  const read = readScoresFile(path);
  if (!read.ok) throw new UsageError(`--scores: ${read.error}`);
  return { table: read.table, source: path };
}

function positiveInteger(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${flag}: expected a whole number greater than 0, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}
