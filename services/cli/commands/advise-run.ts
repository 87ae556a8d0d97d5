import { dirname, join } from "node:path";
import { adviseGraph, PREDICTOR_NAMES, type AdviseReport, type PredictorName } from "../../../core/advise/index.js";
import { compileGraph } from "../../../core/compile/index.js";
import { buildPipeline, builtInUnits, prescriptionUnits, recordingCatalog, secureStack, unknownScoredPackages, versionMatches, type PipelineUnit } from "../../../core/pipeline/index.js";
import { RECOMMENDATION_TYPES, type RecommendationType } from "../../../core/prescription/index.js";
import { solve } from "../../../core/resolver/index.js";
import { problemText } from "../../../core/resolution/index.js";
import { openCatalog } from "../catalog-source.js";
import { readCliConfig } from "../config.js";
import { parseRequest, type ParsedRequest, type RequestFlags } from "../request-options.js";
import { UsageError } from "../usage-error.js";
import { adviseText } from "./advise-text.js";

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
}

interface AdviseSettings {
  readonly recommendation: RecommendationType;
  readonly predictor: PredictorName;
  readonly budget: number;
  readonly timeoutMs: number | null;
  readonly count: number;
  readonly seed: number;
}

/** `maat advise`, loaded only when the command runs. */
export async function runAdvise(reqs: string[], flags: AdviseFlags): Promise<number> {
  const request = parseRequest(reqs, flags);
  const settings = parseSettings(flags);
  if (request.indexes.length === 0) throw new UsageError("--index: give a snapshot path or an index URL");
  const opened = await openCatalog({ indexes: request.indexes, offline: request.offline, storePath: readCliConfig(process.env).storePath });
  try {
    for (const w of opened.warnings) process.stderr.write(`warning: ${w}\n`);
    const catalog = recordingCatalog(opened.catalog);
    const knowledge = await loadKnowledge(flags, settings, request, dirname(readCliConfig(process.env).storePath));
    const pipeline = buildPipeline({
      recommendationType: settings.recommendation, environment: request.environment, requirements: request.requirements,
      units: knowledge.units, releases: (name) => catalog.releases(name),
    });
    if (pipeline.refused) throw new UsageError(`${pipeline.refused.unit}: ${pipeline.refused.reason}`);
    const compileRequest = {
      requirements: request.requirements, constraints: request.constraints, environment: request.environment, prereleases: request.prereleases,
    };
    const compiled = await compileGraph(catalog, { ...compileRequest, ...pipeline.hooks });
    if (!compiled.ok) throw new UsageError(compiled.error.message);
    const warnings = [...knowledge.warnings, ...compiled.problems.map(problemText)];
    const unknown = knowledge.scores ? unknownScoredPackages(knowledge.scores, compiled.graph) : [];
    if (unknown.length > 0) throw new UsageError(`--scores: ${flags.scores} names packages that are not in the closure of the requirements: ${unknown.join(", ")}`);
    const resolvable = solve(compiled.graph);
    if (!resolvable.satisfiable) {
      let message = resolvable.status === "unsatisfiable" ? resolvable.explanation : "the resolver stopped at its conflict limit";
      if (settings.recommendation === "security" && knowledge.advisories) {
        const secure = await secureStack(catalog, compileRequest, pipeline, knowledge.advisories);
        if (secure.kind === "no-safe-stack" || secure.kind === "error") message = secure.message;
      }
      return print(request, { products: [], stack_info: pipeline.stackInfo, stats: emptyStats(settings.predictor) }, warnings, message);
    }
    const started = performance.now();
    const progress = request.format === "text" && process.stderr.isTTY ? progressBar(settings.budget, started) : undefined;
    const report = await adviseGraph(compiled.graph, pipeline, {
      ...settings, now: () => performance.now(),
      deadline: settings.timeoutMs === null ? undefined : started + settings.timeoutMs,
      onProgress: progress,
    });
    if (progress) process.stderr.write("\r\x1b[K");
    return print(request, report, warnings, null);
  } finally {
    opened.close();
  }
}

function print(request: ParsedRequest, report: AdviseReport, warnings: readonly string[], impossible: string | null): number {
  if (request.format === "json") {
    process.stdout.write(`${JSON.stringify(impossible === null ? report : { ...report, explanation: impossible })}\n`);
  } else {
    process.stdout.write(adviseText(report, impossible));
  }
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  return 0;
}

function emptyStats(predictor: PredictorName): AdviseReport["stats"] {
  return { predictor, stacks_scored: 0, dead_ends: 0, elapsed_ms: 0, stacks_per_second: 0, best_found_at: 0, optimal: false, gap: null, stopped: "exhausted" };
}

/** A progress bar on stderr, drawn only once the search has run for a second. */
function progressBar(budget: number, started: number) {
  return (p: { stacks: number; deadEnds: number; best: number }) => {
    const elapsed = performance.now() - started;
    if (elapsed < 1000) return;
    const done = Math.min(1, p.stacks / budget);
    const bar = "#".repeat(Math.round(done * 30)).padEnd(30, ".");
    process.stderr.write(`\r[${bar}] ${p.stacks}/${budget} stacks, best ${p.best.toFixed(4)}, ${Math.round(p.stacks / (elapsed / 1000))} stacks/s`);
  };
}

function positiveInteger(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${flag}: expected a whole number greater than 0, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

function parseSettings(flags: AdviseFlags): AdviseSettings {
  const recommendation = flags.recommendation ?? "stable";
  if (!(RECOMMENDATION_TYPES as readonly string[]).includes(recommendation)) {
    throw new UsageError(`--recommendation: expected ${RECOMMENDATION_TYPES.join(", ")}, got ${JSON.stringify(recommendation)}`);
  }
  const predictor = flags.predictor ?? "mcts";
  if (!(PREDICTOR_NAMES as readonly string[]).includes(predictor)) {
    throw new UsageError(`--predictor: expected ${PREDICTOR_NAMES.join(", ")}, got ${JSON.stringify(predictor)}`);
  }
  let timeoutMs: number | null = null;
  if (flags.timeout !== undefined) {
    const t = Number(flags.timeout);
    if (!Number.isFinite(t) || t <= 0 || flags.timeout.trim() === "") throw new UsageError(`--timeout: expected a number of seconds greater than 0, got ${JSON.stringify(flags.timeout)}`);
    timeoutMs = t * 1000;
  }
  const seed = flags.seed === undefined ? 0 : Number(flags.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`--seed: expected a whole number from 0, got ${JSON.stringify(flags.seed)}`);
  return {
    recommendation: recommendation as RecommendationType,
    predictor: predictor as PredictorName,
    budget: positiveInteger("--budget", flags.budget, 10_000),
    timeoutMs,
    count: positiveInteger("--count", flags.count, 3),
    seed,
  };
}

interface Knowledge {
  readonly units: PipelineUnit[];
  readonly advisories?: import("../../../core/pipeline/index.js").AdvisoriesByProject;
  readonly scores?: import("../../../core/pipeline/index.js").ScoreTable;
  readonly warnings: string[];
}

/** Advisories, user scores and prescriptions named on the command line, turned into pipeline units. */
/** `cacheRoot`: the folder of the knowledge store; compiled advisories and prescriptions are cached below it. */
async function loadKnowledge(flags: AdviseFlags, settings: AdviseSettings, request: ParsedRequest, cacheRoot: string): Promise<Knowledge> {
  const warnings: string[] = [];
  let advisories;
  if (flags.advisories !== undefined) {
    const { loadAdvisories } = await import("../../../adapters/osv/index.js");
    const loaded = loadAdvisories(flags.advisories, { cacheDir: join(cacheRoot, "advisories") });
    if (!loaded.ok) throw new UsageError(`--advisories: ${loaded.error}`);
    advisories = loaded.value.byProject;
    for (const i of loaded.value.issues.slice(0, 5)) warnings.push(`--advisories: ${i.file}: ${i.reason} (skipped)`);
  }
  let scores;
  if (flags.scores !== undefined) {
    const { readScoresFile } = await import("../../../adapters/scores-file/index.js");
    const read = readScoresFile(flags.scores);
    if (!read.ok) throw new UsageError(`--scores: ${read.error}`);
    scores = read.table;
  }
  const units: PipelineUnit[] = builtInUnits({ recommendationType: settings.recommendation, advisories, scores });
  if (flags.prescriptions !== undefined) {
    const { loadPrescriptions } = await import("../../../adapters/prescriptions/index.js");
    const loaded = await loadPrescriptions(flags.prescriptions, { cacheDir: join(cacheRoot, "prescriptions") });
    if (!loaded.ok) throw new UsageError(`--prescriptions: ${loaded.error}`);
    const compiled = prescriptionUnits(loaded.value.units, {
      pipeline: "adviser", recommendationType: settings.recommendation, authenticated: false, labels: {},
      environment: { pythonVersion: request.environment.python_version, platform: platformTag(request) },
      versionSatisfies: (version, specifier) => versionMatches(version, specifier),
    });
    units.push(...compiled.units);
    if (compiled.unsupported.length > 0) warnings.push(`--prescriptions: ${compiled.unsupported.length} included units are not supported yet and were left out`);
  }
  return { units, advisories, scores, warnings };
}

function platformTag(request: ParsedRequest): string {
  const os = { linux: "linux", macos: "macosx", windows: "win" }[request.target.platform];
  return `${os}-${request.environment.platform_machine.toLowerCase()}`;
}
