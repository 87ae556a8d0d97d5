import type { Catalog } from "../../../core/catalog/index.js";
import type { CompileRequest } from "../../../core/compile/index.js";
import { resolveRequest, type Resolution } from "../../../core/resolution/index.js";
import { loadPackseScenario, packseCatalog, SnapshotFormatError } from "../../../adapters/snapshot/index.js";
import { prereleasePolicy } from "../../../core/request/index.js";
import type { MaatConfig } from "../../compose/maat-config.js";
import { openCatalog } from "../catalog-source.js";
import { defaultIndexHint, defaultIndexNote } from "../default-index.js";
import { commandFailure } from "../field-flag.js";
import { parseFormat, parseRequest, type RequestFlags } from "../request-options.js";
import { scenarioRequest } from "../scenario-request.js";
import { UsageError } from "../usage-error.js";

export interface ResolveFlags extends RequestFlags {
  readonly scenario?: string;
}

/** `maat resolve`, loaded only when the command runs. */
export async function runResolve(reqs: string[], flags: ResolveFlags, config: MaatConfig): Promise<number> {
  const format = parseFormat(flags.format);
  const { catalog, request, close, hint } = flags.scenario !== undefined ? scenarioInput(reqs, flags) : await requestInput(reqs, flags, config.storePath);
  try {
    const outcome = await resolveRequest(catalog, request, { now: () => performance.now() });
    if (!outcome.ok) throw new UsageError(outcome.error.kind === "offline" && hint !== null ? `${outcome.error.message}\n${hint}` : outcome.error.message);
    const { resolution } = outcome.value;
    process.stdout.write(format === "json" ? `${JSON.stringify({ schema: "maat.resolve/1", ...resolution })}\n` : resolutionText(resolution));
    if (format === "text") for (const w of resolution.warnings) process.stderr.write(`warning: ${w}\n`);
    return 0;
  } finally {
    close();
  }
}

interface ResolveInput {
  readonly catalog: Catalog;
  readonly request: CompileRequest;
  readonly close: () => void;
  /** What to pass instead when the default index cannot answer; null when the user chose the index. */
  readonly hint: string | null;
}

async function requestInput(reqs: string[], flags: ResolveFlags, storePath: string): Promise<ResolveInput> {
  const parsed = parseRequest(reqs, flags);
  if (parsed.defaultIndex) process.stderr.write(`${defaultIndexNote(parsed.offline, storePath)}\n`);
  const opened = await openCatalog({ indexes: parsed.indexes, offline: parsed.offline, storePath });
  for (const w of opened.warnings) process.stderr.write(`warning: ${w}\n`);
  return {
    catalog: opened.catalog,
    request: { requirements: parsed.requirements, constraints: parsed.constraints, environment: parsed.environment, prereleases: parsed.prereleases },
    close: () => opened.close(),
    hint: parsed.defaultIndex ? defaultIndexHint(parsed.offline) : null,
  };
}

function scenarioInput(reqs: string[], flags: ResolveFlags): ResolveInput {
  if (reqs.length > 0 || flags.index !== undefined) throw new UsageError("--scenario: the scenario gives the requirements and the index");
  let scenario;
  try {
    scenario = loadPackseScenario(flags.scenario!);
  } catch (error) {
    if (error instanceof SnapshotFormatError) throw new UsageError(`--scenario: ${error.message}`);
    throw error;
  }
  let prereleases;
  if (flags.prereleases !== undefined) {
    const policy = prereleasePolicy(flags.prereleases);
    if (!policy.ok) throw commandFailure(policy.error);
    prereleases = policy.value;
  }
  return { catalog: packseCatalog(scenario), request: scenarioRequest(scenario, { python: flags.python, prereleases }), close: () => {}, hint: null };
}

function resolutionText(r: Resolution): string {
  const s = r.stats;
  const timing = `${s.packages} packages, ${s.candidates} versions in the closure; compiled in ${s.compile_ms.toFixed(1)} ms, solved in ${s.solve_ms.toFixed(1)} ms`;
  if (!r.satisfiable) return `No solution found when resolving dependencies:\n${indent(r.explanation)}\n(${timing})\n`;
  const lines = Object.entries(r.packages).map(([name, version]) => `${name}==${version}`);
  return `${lines.join("\n")}\n(resolved ${lines.length} packages; ${timing}; ${s.decisions} decisions, ${s.conflicts} conflicts)\n`;
}

const indent = (text: string) => text.split("\n").map((l) => `  ${l}`).join("\n");
