import { validateAdviseRequest, type AdviseRequest, type ScoreSource } from "../../../core/advise/index.js";
import { runAdviseJob } from "../../compose/advise-job.js";
import type { MaatConfig } from "../../compose/maat-config.js";
import { commandFailure, failureText } from "../field-flag.js";
import { readRequestLine, type RequestFlags } from "../request-options.js";
import { UsageError } from "../usage-error.js";
import { printReport } from "./advise-print.js";
import { progressBarFor } from "./advise-progress.js";

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
}

/** `maat advise`, loaded only when the command runs: embedded, or on a coordinator with `--server`. */
export async function runAdvise(reqs: string[], flags: AdviseFlags, config: MaatConfig): Promise<number> {
  const line = readRequestLine(reqs, flags);
  const request = validateAdviseRequest({
    ...line.input, recommendation: flags.recommendation, predictor: flags.predictor, budget: flags.budget, timeoutSeconds: flags.timeout,
    count: flags.count, seed: flags.seed, scores: flags.scores === undefined ? undefined : await readScores(flags.scores),
    advisoriesPath: flags.advisories, prescriptionsPath: flags.prescriptions,
  });
  if (!request.ok) throw commandFailure(request.error);
  if (flags.server !== undefined) {
    const { runRemoteAdvise } = await import("./advise-remote.js");
    return runRemoteAdvise(flags.server, request.value, line.format);
  }
  return runEmbeddedAdvise(request.value, line.format, config.storePath);
}

/** The advise job in this process, its rollouts on a thread pool of this machine's cores. */
async function runEmbeddedAdvise(request: AdviseRequest, format: "text" | "json", storePath: string): Promise<number> {
  const progress = progressBarFor(format, request.budget);
  const outcome = await runAdviseJob(request, {
    storePath,
    now: () => performance.now(),
    openRunner: async (graph) => {
      const { RolloutPool, createThreadRunner } = await import("../../../adapters/piscina/index.js");
      const pool = new RolloutPool();
      return { ok: true, value: { ...createThreadRunner(pool, graph), close: () => pool.destroy() } };
    },
    onProgress: progress?.draw,
  });
  progress?.clear();
  if (!outcome.ok) throw commandFailure(outcome.error);
  const { report, explanation, warnings } = outcome.value;
  printReport(format, report, explanation, warnings.map(failureText));
  return 0;
}

async function readScores(path: string): Promise<ScoreSource> {
  const { readScoresFile } = await import("../../../adapters/scores-file/index.js");
  const read = readScoresFile(path);
  if (!read.ok) throw new UsageError(`--scores: ${read.error}`);
  return { table: read.table, source: path };
}
