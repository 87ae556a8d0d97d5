import { isAbsolute, resolve } from "node:path";
import { AdviserClient, adviseRequestWire, requestFieldOf, type AdviserClientOptions } from "../../../adapters/grpc/index.js";
import { ADVISE_DEFAULTS, type AdviseRequest } from "../../../core/advise/index.js";
import { isIndexUrl } from "../../../core/request/index.js";
import { parseReportJson, type ReportParts } from "../../compose/report-json.js";
import { commandFailure, failureText } from "../field-flag.js";
import { UsageError } from "../usage-error.js";
import { quietIpServername } from "../quiet-ip-servername.js";
import { printWarnings, type ReportOutput } from "./advise-print.js";
import { progressFor } from "./advise-progress.js";
import { adviseText } from "./advise-text.js";
import { styleFor } from "./text-style.js";
import type { AdviseOutcome } from "./advise-run.js";
import { EXIT_CODES } from "../../compose/command-failure.js";

/** Time allowed past the request's timeout: compiling the graph before the search, and the answer's way back. */
export const CLIENT_DEADLINE_MARGIN_MS = 120_000;

/**
 * `maat advise --server HOST:PORT`: the same request sent to a coordinator; prints what the
 * embedded command prints. A failure is `maat: <message>` after the flag of its field, exit 2 for
 * INVALID_ARGUMENT, else 1.
 */
export async function runRemoteAdvise(server: string, request: AdviseRequest, output: ReportOutput, access: AdviserClientOptions = {}): Promise<AdviseOutcome> {
  if (!/^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):\d{1,5}$/.test(server)) throw new UsageError(`--server: expected HOST:PORT, got ${JSON.stringify(server)}`);
  if (access.tls !== undefined) quietIpServername();
  const client = new AdviserClient(server, access);
  const progress = progressFor(output.format, request.budget, request.timeoutMs, output.noColor);
  progress?.phase({ phase: "searching", detail: `on ${server}` });
  try {
    // Without --timeout the coordinator applies its default (600 s unless configured otherwise).
    const deadlineMs = (request.timeoutMs ?? ADVISE_DEFAULTS.serverTimeoutSeconds * 1000) + CLIENT_DEADLINE_MARGIN_MS;
    const outcome = await client.advise(adviseRequestWire(withAbsolutePaths(request)), deadlineMs, (p) => progress?.search({
      stacks: Number(p.stacks_scored), best: p.has_best_score ? p.best_score : -Infinity, elapsedMs: p.elapsed_seconds * 1000, rate: p.stacks_per_second,
    }));
    progress?.clear();
    if (!outcome.ok) throw commandFailure(outcome.error);
    const final = outcome.value;
    let parts: ReportParts;
    try {
      parts = parseReportJson(final.report_json);
    } catch (error) {
      process.stderr.write(`maat: the coordinator's report cannot be read: ${(error as Error).message}\n`);
      return { code: EXIT_CODES.unavailable, stacks: [] };
    }
    if (output.format === "json") process.stdout.write(`${final.report_json}\n`);
    else process.stdout.write(adviseText(parts, { verbose: output.verbose, style: styleFor(process.stdout, output.noColor) }));
    printWarnings((final.warnings ?? []).map((w) => failureText({ message: w.message, ...(w.field ? { field: requestFieldOf(w.field) } : {}) })), output.noColor);
    return { code: EXIT_CODES.stack, stacks: parts.report.products.map((p) => p.packages) };
  } finally {
    progress?.clear();
    client.close();
  }
}

/** Paths on this machine, absolute: the coordinator reads them from its own working directory otherwise. */
function withAbsolutePaths(request: AdviseRequest): AdviseRequest {
  // "@NAME" names a knowledge source of the coordinator (ListKnowledge), not a path here.
  const absolute = (path: string | null) => (path === null || isAbsolute(path) || path.startsWith("@") ? path : resolve(path));
  return {
    ...request, indexes: request.indexes.map((i) => (isIndexUrl(i) ? i : absolute(i)!)),
    advisoriesPath: absolute(request.advisoriesPath), prescriptionsPath: absolute(request.prescriptionsPath),
  };
}
