import { validateAdviseRequest, type AdviseRequest, type ScoreSource } from "../../../core/advise/index.js";
import type { Result } from "../../../core/failure/index.js";
import { createInProcessRunner } from "../../../core/rollout/index.js";
import { runAdviseJob, type AdviseJobResult } from "../../compose/advise-job.js";
import { CommandFailure, EXIT_CODES } from "../../compose/command-failure.js";
import type { MaatConfig } from "../../compose/maat-config.js";
import { defaultIndexHint, defaultIndexNote } from "../default-index.js";
import { commandFailure, failureText } from "../field-flag.js";
import { lockTarget, type LockFlags, type LockTarget } from "../lock-flags.js";
import { writeAdviseLock } from "../advise-lock.js";
import { checkProjectPython, readRequestLine, type RequestFlags, type RequestLine } from "../request-options.js";
import { UsageError } from "../usage-error.js";
import { printReport, type ReportOutput } from "./advise-print.js";
import { progressFor } from "./advise-progress.js";
import { INTERRUPTED_EXIT_CODE, searchInterrupt } from "./search-interrupt.js";

export interface AdviseFlags extends RequestFlags, LockFlags {
  readonly recommendation?: string;
  readonly predictor?: string;
  readonly budget?: string;
  readonly inFlight?: string;
  readonly leafRollouts?: string;
  readonly threads?: string;
  readonly timeout?: string;
  readonly count?: string;
  readonly seed?: string;
  readonly scores?: string;
  readonly advisories?: string;
  readonly prescriptions?: string;
  readonly server?: string;
  readonly tlsCa?: string;
  readonly tlsClientCert?: string;
  readonly tlsClientKey?: string;
  readonly tokenFile?: string;
  readonly verbose?: boolean;
  /** `NAME=W` per --weight, as typed. */
  readonly weight?: string[];
}

/**
 * `maat advise`, loaded only when the command runs: embedded, or on a coordinator with `--server`.
 * Exit 0 with a stack, 1 without (the report explains why), 2 for bad input (EXIT_CODES).
 */
export async function runAdvise(reqs: string[], flags: AdviseFlags, config: MaatConfig, argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const target = lockTarget(flags);
  const line = readRequestLine(reqs, flags);
  const request = validateAdviseRequest({
    ...line.input, recommendation: flags.recommendation ?? line.recommendation, predictor: flags.predictor, budget: flags.budget, inFlight: flags.inFlight, leafRollouts: flags.leafRollouts, timeoutSeconds: flags.timeout,
    count: flags.count, seed: flags.seed, scores: flags.scores === undefined ? undefined : await readScores(flags.scores),
    advisoriesPath: flags.advisories, prescriptionsPath: flags.prescriptions, weights: flags.weight,
  });
  if (!request.ok) throw commandFailure(request.error);
  checkProjectPython(line, request.value);
  for (const note of line.notes) process.stderr.write(`note: ${note}\n`);
  const threads = parseThreads(flags.threads);
  const output: ReportOutput = { format: line.format, verbose: flags.verbose ?? false, noColor: config.noColor };
  const { offline } = request.value;
  let outcome: AdviseOutcome;
  if (flags.server !== undefined) {
    if (threads !== undefined) throw new UsageError("--threads: the embedded thread pool's size; with --server the coordinator's workers run the rollouts");
    if (line.defaultIndex) process.stderr.write(`${defaultIndexNote(offline, "of the coordinator")}\n`);
    const { runRemoteAdvise } = await import("./advise-remote.js");
    const { readServerAccess } = await import("./server-access.js");
    outcome = await runRemoteAdvise(flags.server, request.value, output, readServerAccess(flags, config.env));
  } else {
    if (line.defaultIndex) process.stderr.write(`${defaultIndexNote(offline, config.storePath)}\n`);
    outcome = await runEmbeddedAdvise(request.value, output, config.storePath, line.defaultIndex ? defaultIndexHint(offline) : null, threads);
  }
  return finish(outcome, target, request.value, line, config, argv);
}

/** What an advise ended with: its exit code so far and the stacks of its report. */
export interface AdviseOutcome {
  readonly code: number;
  /** The report's stacks (name to version), best first. */
  readonly stacks: readonly Readonly<Record<string, string>>[];
}

/** A report without stacks exits 1; with --lock, the chosen stack is written as a lock file. */
async function finish(outcome: AdviseOutcome, target: LockTarget | null, request: AdviseRequest, line: RequestLine, config: MaatConfig, argv: readonly string[]): Promise<number> {
  if (outcome.code !== EXIT_CODES.stack) return outcome.code;
  if (outcome.stacks.length === 0) return EXIT_CODES["no-stack"];
  if (target !== null) await writeAdviseLock(target, outcome.stacks, request, line, config, argv);
  return EXIT_CODES.stack;
}

/** The most threads `--threads` takes. */
const MAX_THREADS = 1024;

/** `--threads N`: a whole number from 1 to MAX_THREADS, or undefined when not given (the machine's cores). */
export function parseThreads(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_THREADS) {
    throw new UsageError(`--threads: expected a whole number from 1 to ${MAX_THREADS}, got ${JSON.stringify(value)}`);
  }
  return Number(text);
}

/**
 * The advise job in this process, its rollouts on a thread pool of this machine's cores. Ctrl-C
 * during the search prints the best stacks found so far, marked interrupted, and exits 130.
 * `indexHint` follows a failure of the indexes (what to pass instead of the default index).
 */
async function runEmbeddedAdvise(request: AdviseRequest, output: ReportOutput, storePath: string, indexHint: string | null, threads: number | undefined): Promise<AdviseOutcome> {
  const progress = progressFor(output.format, request.budget, request.timeoutMs, output.noColor);
  const interrupt = searchInterrupt(
    () => progress?.phase({ phase: "searching", detail: "stopping, Ctrl-C again quits" }),
    () => progress?.clear(),
  );
  let outcome: Result<AdviseJobResult>;
  try {
    outcome = await runAdviseJob(request, {
      storePath,
      now: () => performance.now(),
      openRunner: async (graph) => {
        // --threads 1: the calling thread only, no pool (a benchmark's one core against one worker).
        if (threads === 1) return { ok: true, value: { ...createInProcessRunner(graph), close: () => {} } };
        const { RolloutPool, createThreadRunner } = await import("../../../adapters/piscina/index.js");
        const pool = new RolloutPool(threads === undefined ? {} : { threads });
        return { ok: true, value: { ...createThreadRunner(pool, graph), close: () => pool.destroy() } };
      },
      onProgress: progress && ((p) => progress.search(p)),
      onPhase: (phase) => {
        if (phase.phase === "searching" || phase.phase === "proving") interrupt.arm();
        progress?.phase(phase);
      },
      stopRequested: interrupt.requested,
    });
  } finally {
    interrupt.disarm();
    progress?.clear();
  }
  if (!outcome.ok) {
    const hint = outcome.error.field === "indexes" && indexHint !== null ? `\n${indexHint}` : "";
    throw new CommandFailure(outcome.error, `${failureText(outcome.error)}${hint}`);
  }
  printReport(output, outcome.value, outcome.value.warnings.map(failureText));
  const stacks = outcome.value.report.products.map((p) => p.packages);
  return { code: outcome.value.report.stats.stopped === "interrupted" ? INTERRUPTED_EXIT_CODE : EXIT_CODES.stack, stacks };
}

async function readScores(path: string): Promise<ScoreSource> {
  const { readScoresFile } = await import("../../../adapters/scores-file/index.js");
  const read = readScoresFile(path);
  if (!read.ok) throw new UsageError(`--scores: ${read.error}`);
  return { table: read.table, source: path };
}
