import { isAbsolute, resolve } from "node:path";
import { AdviserClient, type AdviseRequestWire } from "../../../adapters/grpc/index.js";
import type { ScoreTable } from "../../../core/pipeline/index.js";
import type { AdviseJob } from "../../coordinator/advise-job.js";
import { DEFAULT_TIMEOUT_SECONDS } from "../../coordinator/config.js";
import { parseReportJson } from "../../coordinator/report-json.js";
import { UsageError } from "../usage-error.js";
import { flagOfWireField, withFlag } from "./advise-flag-names.js";
import { printWarnings, type ReportOutput } from "./advise-print.js";
import { progressFor } from "./advise-progress.js";
import { adviseText } from "./advise-text.js";
import { styleFor } from "./text-style.js";

/** Time allowed past the request's timeout: compiling the graph before the search, and the answer's way back. */
export const CLIENT_DEADLINE_MARGIN_MS = 120_000;

/**
 * `maat advise --server HOST:PORT`: the same job sent to a coordinator; prints what the embedded
 * command prints. A gRPC error is `maat: <message>`, exit 2 for INVALID_ARGUMENT, else 1.
 */
export async function runRemoteAdvise(server: string, job: AdviseJob, output: ReportOutput): Promise<number> {
  if (!/^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):\d{1,5}$/.test(server)) throw new UsageError(`--server: expected HOST:PORT, got ${JSON.stringify(server)}`);
  const client = new AdviserClient(server);
  const progress = progressFor(output.format, job.budget, job.timeoutMs, output.noColor);
  progress?.phase({ phase: "searching", detail: `on ${server}` });
  try {
    // Without --timeout the coordinator applies its default (600 s unless configured otherwise).
    const deadlineMs = (job.timeoutMs ?? DEFAULT_TIMEOUT_SECONDS * 1000) + CLIENT_DEADLINE_MARGIN_MS;
    const outcome = await client.advise(wireRequest(job), deadlineMs, (p) => progress?.search({
      stacks: Number(p.stacks_scored), best: p.has_best_score ? p.best_score : -Infinity, elapsedMs: p.elapsed_seconds * 1000, rate: p.stacks_per_second,
    }));
    progress?.clear();
    if (!outcome.ok) {
      const { code, field, message } = outcome.error;
      const flag = flagOfWireField(field);
      const text = flag !== undefined && field !== undefined ? withFlag(flag, message.replace(`${field}: `, "")) : message;
      if (code === "invalid-argument") throw new UsageError(text);
      process.stderr.write(`maat: ${text}\n`);
      return 1;
    }
    const final = outcome.value;
    if (output.format === "json") process.stdout.write(`${final.report_json}\n`);
    else {
      let parts;
      try {
        parts = parseReportJson(final.report_json);
      } catch (error) {
        process.stderr.write(`maat: the coordinator's report cannot be read: ${(error as Error).message}\n`);
        return 1;
      }
      process.stdout.write(adviseText(parts, { verbose: output.verbose, style: styleFor(process.stdout, output.noColor) }));
    }
    printWarnings((final.warnings ?? []).map((w) => withFlag(flagOfWireField(w.field || undefined), w.message)), output.noColor);
    return 0;
  } finally {
    progress?.clear();
    client.close();
  }
}

const isUrl = (index: string) => /^https?:\/\//.test(index);
/** Paths on this machine, absolute: the coordinator reads them from its own working directory otherwise. */
const absolute = (path: string | null) => (path === null ? "" : isAbsolute(path) ? path : resolve(path));

/** The AdviseRequest of a job: nothing left to the coordinator's defaults but the timeout. */
export function wireRequest(job: AdviseJob): AdviseRequestWire {
  const [index, ...extra] = job.indexes.map((i) => (isUrl(i) ? i : absolute(i)));
  return {
    requirements: job.requirements, constraints: job.constraints, index, extra_indexes: extra,
    python: job.target.python, platform: job.target.machine ? `${job.target.platform}-${job.target.machine}` : job.target.platform,
    prereleases: job.prereleases, offline: job.offline, recommendation: job.recommendation, predictor: job.predictor,
    budget: String(job.budget), timeout_seconds: job.timeoutMs === null ? 0 : job.timeoutMs / 1000, count: job.count, seed: String(job.seed),
    scores_json: job.scores === null ? "" : scoresJson(job.scores.table),
    prescriptions_path: absolute(job.prescriptionsPath), advisories_path: absolute(job.advisoriesPath),
  };
}

function scoresJson(table: ScoreTable): string {
  return JSON.stringify(Object.fromEntries([...table].map(([name, versions]) => [name, Object.fromEntries(versions)])));
}
