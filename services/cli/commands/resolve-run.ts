import type { Catalog } from "../../../core/catalog/index.js";
import type { CompileRequest } from "../../../core/compile/index.js";
import type { LockedStack, LockRoot } from "../../../core/lock/index.js";
import { resolveRequest, type Resolution } from "../../../core/resolution/index.js";
import { loadPackseScenario, packseCatalog, SnapshotFormatError } from "../../../adapters/snapshot/index.js";
import { requirementsLock, type LockContext } from "../../../adapters/formats/index.js";
import { lockStack } from "../../../core/lock/index.js";
import { compileRequestOf, prereleasePolicy } from "../../../core/request/index.js";
import { EXIT_CODES } from "../../compose/command-failure.js";
import type { MaatConfig } from "../../compose/maat-config.js";
import { openCatalog } from "../catalog-source.js";
import { defaultIndexHint, defaultIndexNote } from "../default-index.js";
import { commandFailure } from "../field-flag.js";
import { lockTarget, type LockFlags } from "../lock-flags.js";
import { commandText, lockContextOf, lockedStackOf, missingHashesWarning, writeLock } from "../lock-output.js";
import { parseFormat, parseRequest, type RequestFlags } from "../request-options.js";
import { scenarioRequest } from "../scenario-request.js";
import { UsageError } from "../usage-error.js";

export interface ResolveFlags extends RequestFlags, LockFlags {
  readonly scenario?: string;
}

/**
 * `maat resolve`, loaded only when the command runs. Text output is a requirements file on stdout
 * (pins, markers where needed, `--hash` when the index gave hashes, `# via`), so
 * `maat resolve ... > requirements.txt` installs; the summary, warnings and an impossible request's
 * explanation go to stderr. Exit 0 with a stack, 1 without (EXIT_CODES).
 */
export async function runResolve(reqs: string[], flags: ResolveFlags, config: MaatConfig, argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const format = parseFormat(flags.format);
  const target = lockTarget(flags);
  const input = flags.scenario !== undefined ? scenarioInput(reqs, flags) : await requestInput(reqs, flags, config.storePath, commandText(argv));
  try {
    const outcome = await resolveRequest(input.catalog, input.request, { now: () => performance.now(), ...(input.prefer !== null ? { prefer: input.prefer } : {}) });
    if (!outcome.ok) throw new UsageError(outcome.error.kind === "offline" && input.hint !== null ? `${outcome.error.message}\n${input.hint}` : outcome.error.message);
    const { resolution } = outcome.value;
    const warnings = [...resolution.warnings];
    if (!resolution.satisfiable) {
      if (format === "json") process.stdout.write(`${JSON.stringify({ schema: "maat.resolve/1", ...resolution })}\n`);
      else process.stderr.write(`No solution found when resolving dependencies:\n${indent(resolution.explanation)}\n(${timing(resolution)})\n`);
      printWarnings(warnings);
      return EXIT_CODES["no-stack"];
    }
    const stack = await input.lock(resolution.packages);
    const context = input.context;
    const missing = missingHashesWarning(stack, input.indexes);
    if (format === "json") process.stdout.write(`${JSON.stringify({ schema: "maat.resolve/1", ...resolution })}\n`);
    else {
      process.stdout.write(requirementsLock(stack, context));
      process.stderr.write(`(resolved ${stack.packages.length} packages; ${timing(resolution)}; ${resolution.stats.decisions} decisions, ${resolution.stats.conflicts} conflicts)\n`);
    }
    if (target !== null) process.stderr.write(`${writeLock(target, stack, context)}\n`);
    if (missing !== null && (format === "text" || target !== null)) warnings.push(missing);
    printWarnings(warnings);
    return EXIT_CODES.stack;
  } finally {
    input.close();
  }
}

function printWarnings(warnings: readonly string[]): void {
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
}

interface ResolveInput {
  readonly catalog: Catalog;
  readonly request: CompileRequest;
  readonly close: () => void;
  /** What to pass instead when the default index cannot answer; null when the user chose the index. */
  readonly hint: string | null;
  /** A lock's pins to keep (--locked), or null. */
  readonly prefer: Readonly<Record<string, string>> | null;
  /** The locked stack of a resolution's pins (files and requirements from the catalog). */
  readonly lock: (pins: Readonly<Record<string, string>>) => Promise<LockedStack>;
  readonly context: LockContext;
  /** The request's indexes, for the missing-hashes warning. */
  readonly indexes: { readonly indexes: readonly string[] };
}

async function requestInput(reqs: string[], flags: ResolveFlags, storePath: string, command: string): Promise<ResolveInput> {
  const parsed = parseRequest(reqs, flags);
  for (const note of parsed.line.notes) process.stderr.write(`note: ${note}\n`);
  if (parsed.defaultIndex) process.stderr.write(`${defaultIndexNote(parsed.offline, storePath)}\n`);
  const opened = await openCatalog({ indexes: parsed.indexes, offline: parsed.offline, storePath });
  for (const w of opened.warnings) process.stderr.write(`warning: ${w}\n`);
  return {
    catalog: opened.catalog,
    request: compileRequestOf(parsed),
    close: () => opened.close(),
    hint: parsed.defaultIndex ? defaultIndexHint(parsed.offline) : null,
    prefer: parsed.locked,
    lock: (pins) => lockedStackOf(opened.catalog, pins, parsed, parsed.line),
    context: lockContextOf(parsed, parsed.line, command),
    indexes: parsed,
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
  const request = scenarioRequest(scenario, { python: flags.python, prereleases });
  const catalog = packseCatalog(scenario);
  const roots: LockRoot[] = request.requirements.map((requirement) => ({ requirement, group: "default", source: `(scenario ${scenario.name})` }));
  const environment = request.environment;
  const context: LockContext = {
    command: commandText(process.argv.slice(2)), environment, platformTag: `${environment.sys_platform}-${environment.platform_machine.toLowerCase()}`,
    index: null, pipfile: null, groups: [],
  };
  const lock = async (pins: Readonly<Record<string, string>>): Promise<LockedStack> => {
    const packages = new Map(await Promise.all(Object.keys(pins).map(async (name) => {
      const meta = await catalog.metadata(name, pins[name]!);
      return [name, { requiresDist: meta.kind === "found" ? meta.value.requiresDist : null, requiresPython: null, files: [] }] as const;
    })));
    return lockStack({ pins, roots, packages, environment });
  };
  return { catalog, request, close: () => {}, hint: null, prefer: null, lock, context, indexes: { indexes: [flags.scenario!] } };
}

const timing = (r: Resolution): string => {
  const s = r.stats;
  return `${s.packages} packages, ${s.candidates} versions in the closure; compiled in ${s.compile_ms.toFixed(1)} ms, solved in ${s.solve_ms.toFixed(1)} ms`;
};

const indent = (text: string) => text.split("\n").map((l) => `  ${l}`).join("\n");
