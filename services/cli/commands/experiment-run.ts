import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROLLOUT_PREDICTOR_NAMES, type RolloutPredictorName } from "../../../core/advise/index.js";
import { compileGraph, type PrereleasePolicy } from "../../../core/compile/index.js";
import { countStacks } from "../../../core/count/index.js";
import { randomScores, runExperiment, type ExperimentReport } from "../../../core/experiment/index.js";
import { environmentFor } from "../../../core/pep508/index.js";
import { lineChartSvg } from "../../../core/report/index.js";
import { readRequirementsFile } from "../../../adapters/formats/requirements-file.js";
import { loadSnapshot, SnapshotFormatError } from "../../../adapters/snapshot/index.js";
import { UsageError } from "../usage-error.js";
import type { ExperimentFlags } from "./experiment.js";

/** One experiment: a universe of ../shared/data/pypi-graphs, random additive scores (no recency), every rollout predictor against the proven optimum. */
interface ExperimentDefinition {
  readonly title: string;
  readonly graph: string;
  readonly requirements: readonly string[];
  /** A constraints file beside the graph, if any. */
  readonly constraints?: string;
  readonly python: string;
  readonly prereleases: PrereleasePolicy;
  readonly checkpoints: readonly number[];
  /** The checkpoints the table shows. */
  readonly shown: readonly number[];
  /** Branching nodes allowed to count the stacks (the count is left out beyond). */
  readonly countNodes: number;
  readonly thothReference?: Readonly<Record<string, number>>;
}

/** The experiments: `flask`, Thoth's universe (late October 2020, Python 3.6, Linux, no prereleases); `tensorflow`, tensorflow==2.1.0 on the tf21 graph, Python 3.7. */
export const EXPERIMENTS: Readonly<Record<string, ExperimentDefinition>> = {
  flask: {
    title: "Flask universe", graph: "flask-graph.json", requirements: ["flask"], constraints: "flask-2020.constraints.txt", python: "3.6", prereleases: "disallow",
    checkpoints: [10, 30, 100, 300, 1000, 3000, 10_000, 30_000, 70_000], shown: [1000, 10_000, 70_000], countNodes: Infinity,
    thothReference: { td_ratio_after_70000: 0.9914, td_seconds: 423, enumeration_minutes: 28, enumeration_stacks_per_second: 4700 },
  },
  tensorflow: {
    title: "tensorflow==2.1.0 (tf21, Python 3.7)", graph: "tf21-graph.json", requirements: ["tensorflow==2.1.0"], python: "3.7", prereleases: "if-necessary-or-explicit",
    checkpoints: [10, 30, 100, 300, 1000, 3000, 10_000, 30_000, 100_000], shown: [1000, 10_000, 100_000], countNodes: 2_000_000,
  },
};

/** `maat experiment flask|tensorflow`: writes NAME-experiment.json and .svg into --out and prints the table. */
export async function runExperimentCommand(name: string, flags: ExperimentFlags): Promise<number> {
  const definition = Object.hasOwn(EXPERIMENTS, name) ? EXPERIMENTS[name] : undefined;
  if (definition === undefined) throw new UsageError(`experiment: expected one of ${Object.keys(EXPERIMENTS).join(", ")}, got ${JSON.stringify(name)}`);
  const seeds = Number(flags.seeds);
  if (!Number.isSafeInteger(seeds) || seeds <= 0) throw new UsageError(`--seeds: expected a whole number greater than 0, got ${JSON.stringify(flags.seeds)}`);
  const scoreSeed = Number(flags.scoreSeed);
  if (!Number.isSafeInteger(scoreSeed)) throw new UsageError(`--score-seed: expected a whole number, got ${JSON.stringify(flags.scoreSeed)}`);
  const predictors = flags.predictors.split(",").map((p) => p.trim());
  for (const p of predictors) {
    if (!(ROLLOUT_PREDICTOR_NAMES as readonly string[]).includes(p)) throw new UsageError(`--predictors: ${JSON.stringify(p)} is not a rollout predictor (${ROLLOUT_PREDICTOR_NAMES.join(", ")})`);
  }
  let constraints: string[] = [];
  if (definition.constraints !== undefined) {
    const read = readRequirementsFile(join(flags.data, definition.constraints));
    if (!read.ok) throw new UsageError(`--data: ${read.error}`);
    constraints = read.value.requirements.map((l) => l.text);
  }
  let catalog;
  try {
    catalog = loadSnapshot(join(flags.data, definition.graph));
  } catch (error) {
    if (error instanceof SnapshotFormatError) throw new UsageError(`--data: ${error.message}`);
    throw error;
  }
  const compiled = await compileGraph(catalog, {
    requirements: definition.requirements, constraints,
    environment: environmentFor({ python: definition.python, platform: "linux" }), prereleases: definition.prereleases, score: randomScores(scoreSeed),
  });
  if (!compiled.ok) throw new UsageError(compiled.error.message);
  const t0 = performance.now();
  const count = countStacks(compiled.graph, { maxNodes: definition.countNodes });
  const countMs = performance.now() - t0;
  const report = await runExperiment(compiled.graph, {
    predictors: predictors as RolloutPredictorName[], seeds: Array.from({ length: seeds }, (_, i) => i + 1), checkpoints: definition.checkpoints,
    now: () => performance.now(),
    // A counter redrawn in place on a terminal only; a pipe or a file gets nothing.
    onRun: process.stderr.isTTY ? (p, seed, done, total) => process.stderr.write(`\r${done}/${total} runs (${p}, seed ${seed})\x1b[K`) : undefined,
  });
  if (process.stderr.isTTY) process.stderr.write("\n");
  const stacks = count.status === "exact" ? count.text : null;
  const document = {
    schema: "maat.experiment/1",
    experiment: name,
    requirements: definition.requirements,
    ...report,
    universe: { ...report.universe, stacks, count_ms: Math.round(countMs * 10) / 10, python: definition.python, platform: "linux", score_seed: scoreSeed },
    ...(definition.thothReference ? { thoth_reference: definition.thothReference } : {}),
  };
  writeFileSync(join(flags.out, `${name}-experiment.json`), `${JSON.stringify(document, null, 2)}\n`);
  writeFileSync(join(flags.out, `${name}-experiment.svg`), plot(report, definition.title));
  process.stdout.write(table(report, stacks, definition.shown));
  return 0;
}

function plot(report: ExperimentReport, title: string): string {
  const lines = Object.entries(report.predictors).map(([name, s]) => ({
    name, points: s.ratios.map((r) => [r.stacks, r.median] as const),
  }));
  const low = Math.min(...lines.flatMap((l) => l.points.map((p) => p[1])));
  return lineChartSvg(lines, {
    title: `${title}: best score / proven optimum (median of seeds)`, xLabel: "stacks scored (log scale)",
    yLabel: "best score / optimum", logX: true, yRange: [Math.max(0, Math.floor(low * 20) / 20), 1],
  });
}

function table(report: ExperimentReport, stacks: string | null, pick: readonly number[]): string {
  const lines = [
    `universe: ${report.universe.packages} packages, ${report.universe.versions} versions, ${stacks ?? "more than a count within its limit of"} stacks; optimum ${report.optimum.score.toFixed(6)} proven in ${report.optimum.proof_ms} ms (${report.optimum.nodes} nodes)`,
    `predictor       ${pick.map((p) => `${p} median / worst`.padEnd(26)).join("")}stacks/s`,
  ];
  for (const [name, s] of Object.entries(report.predictors)) {
    const cells = pick.map((p) => {
      const r = s.ratios.find((x) => x.stacks === p);
      return (r ? `${(r.median * 100).toFixed(2)}% / ${(r.worst * 100).toFixed(2)}%` : "-").padEnd(26);
    });
    lines.push(`${name.padEnd(16)}${cells.join("")}${s.stacks_per_second}`);
  }
  return `${lines.join("\n")}\n`;
}
