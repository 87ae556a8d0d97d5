import { lockFormatOf, readLockedPins } from "../../../adapters/formats/index.js";
import { validateAdviseRequest, type AdviseRequest } from "../../../core/advise/index.js";
import { normalizeName } from "../../../core/pep508/index.js";
import { formatVersion, parseVersion } from "../../../core/pep440/index.js";
import type { AdvisoriesByProject } from "../../../core/pipeline/index.js";
import { auditedAdvisory, auditLock, moveSpanOf, stackDiff, updateObjective, updateScales, type AuditedAdvisory } from "../../../core/update/index.js";
import { advisoriesAffecting } from "../../../core/pipeline/index.js";
import { EXIT_CODES } from "../../compose/command-failure.js";
import type { MaatConfig } from "../../compose/maat-config.js";
import { writeAdviseLock } from "../advise-lock.js";
import { openCatalog } from "../catalog-source.js";
import { defaultIndexNote } from "../default-index.js";
import { commandFailure } from "../field-flag.js";
import { lockedStackOf } from "../lock-output.js";
import { checkProjectPython, readRequestLine, type RequestFlags } from "../request-options.js";
import { UsageError } from "../usage-error.js";
import { advisedStack, canonicalPins } from "./advised-stack.js";
import { openUpdateKnowledge } from "./update-knowledge.js";
import { printUpdate, type UpdateReport } from "./update-print.js";

export interface UpdateFlags extends RequestFlags {
  readonly lock?: string;
  readonly only?: string[];
  readonly write?: boolean;
  readonly full?: boolean;
  readonly recommendation?: string;
  readonly predictor?: string;
  readonly budget?: string;
  readonly timeout?: string;
  readonly seed?: string;
  readonly advisories?: string;
  readonly prescriptions?: string;
  readonly weight?: string[];
}

type Pins = Readonly<Record<string, string>>;

const canonical = (v: string): string => {
  const parsed = parseVersion(v);
  return parsed.ok ? formatVersion(parsed.value) : v;
};


/**
 * `maat update PROJECT_FILE --lock LOCK_FILE`: the lock's audit, the smallest safe update (the
 * search maximises a lexicographic objective: fewest advisories, fewest changed packages, smallest
 * moves, then the advised score) and the full update (the advised stack), as a Markdown table or
 * JSON; `--write` rewrites the lock in its format. Exit 0 nothing to do, 1 updates proposed, 2 bad input.
 */
export async function runUpdate(projectFile: string, flags: UpdateFlags, config: MaatConfig, argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const lockPath = flags.lock ?? (projectFile.endsWith(".ipynb") ? projectFile : null);
  if (lockPath === null) throw new UsageError("--lock: give the lock file to update (requirements.txt, pylock.toml, Pipfile.lock, or a notebook)");
  const format = lockFormatOf(lockPath);
  if (!format.ok) throw new UsageError(`--lock: ${format.error}`);
  const read = readLockedPins(lockPath);
  if (!read.ok) throw new UsageError(`--lock: ${read.error}`);
  const pins = canonicalPins(read.value);
  if (Object.keys(pins).length === 0) throw new UsageError(`--lock: ${lockPath} pins no package: give the lock the project was installed from`);
  const only = new Set((flags.only ?? []).map(normalizeName));
  for (const name of only) if (!(name in pins)) throw new UsageError(`--only: ${name} is not in ${lockPath} (locked: ${Object.keys(pins).sort().join(", ")})`);
  const line = readRequestLine([projectFile], flags);
  // --only: every other locked package keeps its pin (as `uv lock -P`)
  const held = only.size === 0 ? [] : Object.entries(pins).filter(([n]) => !only.has(n)).map(([n, v]) => `${n}==${v}`);
  const validated = validateAdviseRequest({
    ...line.input, constraints: [...(line.input.constraints ?? []), ...held], recommendation: flags.recommendation ?? line.recommendation,
    predictor: flags.predictor, budget: flags.budget, timeoutSeconds: flags.timeout, count: "1", seed: flags.seed,
    advisoriesPath: flags.advisories, prescriptionsPath: flags.prescriptions, weights: flags.weight,
  });
  if (!validated.ok) throw commandFailure(validated.error);
  const request = validated.value;
  checkProjectPython(line, request);
  for (const note of line.notes) process.stderr.write(`note: ${note}\n`);
  let report: UpdateReport;
  if (line.defaultIndex) process.stderr.write(`${defaultIndexNote(request.offline, config.storePath)}\n`);
  const knowledge = await openUpdateKnowledge(request, config);
  try {
    if (knowledge.advisories === null) process.stderr.write("warning: no --advisories given: the audit finds no advisory and the smallest safe update keeps the lock\n");
    const byProject: AdvisoriesByProject = knowledge.advisories ?? new Map();
    const flagsOld = await knowledge.flags(pins);
    const audit = auditLock(pins, byProject, flagsOld);

    const warned = new Set<string>(); // the two advises below warn about the same closure once
    const full = await advisedStack(request, config, warned);
    // every package a stack may hold: one the lock lacks costs a change, wherever it comes from
    const names = [...new Set([...Object.keys(pins), ...Object.keys(full ?? {}), ...await knowledge.closure()])].sort();
    const releases = new Map<string, readonly string[]>();
    for (const name of names) {
      const versions = await knowledge.versions(name);
      if (versions.length > 0) releases.set(name, versions.map(canonical));
    }
    const scales = updateScales(releases.size, knowledge.scoreBound(releases), moveSpanOf(releases));
    const table = updateObjective(releases, pins, byProject, scales);
    const smallest = await advisedStack({
      ...request, predictor: flags.predictor === undefined ? "exact" : request.predictor,
      scores: { table, source: "maat update's objective", partial: true }, weights: { ...request.weights, advisories: 0 },
    }, config, warned);

    const advisoriesOf = (name: string, version: string): readonly AuditedAdvisory[] => advisoriesAffecting(byProject, name, version).map((a) => auditedAdvisory(a, name));
    const devOf = await devPackages(request, config, line, smallest ?? full ?? pins);
    const scoresOld = await knowledge.scores(pins);
    const diff = async (stack: Pins) => stackDiff(pins, stack, {
      advisoriesOf, isDev: (name) => devOf.has(name), flagsOld, flagsNew: await knowledge.flags(stack), scoresOld, scoresNew: await knowledge.scores(stack),
    });
    const remaining = smallest === null ? [] : auditLock(smallest, byProject).filter((p) => p.advisories.length > 0);
    report = {
      lock: lockPath, audit, prescriptions: knowledge.prescriptions,
      smallest: smallest === null ? null : { packages: smallest, updates: await diff(smallest), remaining },
      full: full === null ? null : { packages: full, updates: await diff(full) },
      only: [...only].sort(),
      scales,
    };
  } finally {
    knowledge.close();
  }
  printUpdate(line.format, report);
  if (report.smallest === null && report.full === null) return EXIT_CODES["no-stack"];
  const chosen = flags.full === true ? report.full?.packages ?? null : report.smallest?.packages ?? null;
  const changes = (flags.full === true ? report.full?.updates : report.smallest?.updates) ?? [];
  if (flags.write === true && chosen !== null && changes.length > 0) {
    await writeAdviseLock({ path: lockPath, format: format.value, stack: 1 }, [chosen], request, line, config, argv);
  }
  const nothing = (report.smallest?.updates.length ?? 0) === 0 && (report.full?.updates.length ?? 0) === 0;
  return nothing ? EXIT_CODES.stack : EXIT_CODES["no-stack"];
}

/** The packages of a stack that only development groups need (a Pipfile's dev-packages, a dependency group). */
async function devPackages(request: AdviseRequest, config: MaatConfig, line: ReturnType<typeof readRequestLine>, stack: Pins): Promise<Set<string>> {
  const opened = await openCatalog({ indexes: request.indexes, offline: request.offline, storePath: config.storePath });
  try {
    const locked = await lockedStackOf(opened.catalog, stack, request, line);
    return new Set(locked.packages.filter((p) => p.groups.length > 0 && !p.groups.includes("default")).map((p) => p.name));
  } finally {
    opened.close();
  }
}
