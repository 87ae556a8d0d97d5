/**
 * The measured half of the scaling experiment: advises through the real path, embedded on the
 * calling thread (runAdviseJob with the in-process runner: `maat advise --threads 1`) and through
 * `maat serve --nats` with `maat worker --threads 1` processes, each a row: stacks per second and
 * the best score against wall time.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { readServerAccess } from "../../services/cli/commands/server-access.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AdviserClient } from "../../adapters/grpc/index.js";
import { validateAdviseRequest, type AdviseRequest } from "../../core/advise/index.js";
import type { CompiledGraph } from "../../core/graph/index.js";
import { createInProcessRunner, type RolloutRequest, type RolloutResult } from "../../core/rollout/index.js";
import { runAdviseJob } from "../../services/compose/advise-job.js";
import { parseScores } from "../../adapters/scores-file/index.js";
import { mulberry32 } from "../../core/random/index.js";
import { parseVersion } from "../../core/pep440/index.js";

export interface Workload {
  /** "tensorflow 2.1 mcts" */
  readonly name: string;
  readonly index: string;
  readonly python: string;
  readonly requirement: string;
  readonly predictor: "mcts" | "td";
  /** User scores (a scores file's JSON), so that the search has something to find beyond the first stacks. */
  readonly scoresJson: string;
}

/**
 * Seeded user scores for every version of a graph JSON file: a multiple of 1/1000 in [-1, 1] per
 * version, so the best stack is found by searching, not by the resolver's first answer.
 */
export function randomScoresJson(graphPath: string, seed: number, closure: ReadonlySet<string>): string {
  const graph = JSON.parse(readFileSync(graphPath, "utf8")) as Record<string, Record<string, unknown>>;
  const random = mulberry32(seed);
  const out: Record<string, Record<string, number>> = {};
  for (const name of Object.keys(graph).sort()) {
    const normalized = name.toLowerCase().replace(/[-_.]+/g, "-");
    if (!closure.has(normalized)) continue;
    const scores: Record<string, number> = {};
    for (const version of Object.keys(graph[name])) {
      const score = Math.round((random() * 2 - 1) * 1000) / 1000;
      if (parseVersion(version).ok) scores[version] = score;
    }
    out[normalized] = scores;
  }
  return JSON.stringify(out);
}

export interface MeasuredRun {
  readonly workload: string;
  /** "embedded, 1 thread", "1 worker", "2 workers". */
  readonly setup: string;
  readonly workers: number;
  readonly inFlight: number;
  readonly stacks: number;
  readonly seconds: number;
  readonly stacksPerSecond: number;
  readonly best: number;
  /** (seconds since the search began, best score) at each progress event. */
  readonly trace: readonly (readonly [number, number])[];
  /**
 * Cluster runs started here: CPU seconds each process used (process-cpu.ts) from the first progress
 * event to the answer (the search, without the advise's setup), the wall seconds and stacks between them.
 */
  readonly cpu?: RunCpu;
}

export interface RunCpu {
  readonly wall: number;
  readonly stacks: number;
  readonly coordinator: number;
  readonly workers: readonly number[];
  readonly nats: number;
  /** This process (the gRPC client reading progress). */
  readonly driver: number;
}

/** What the embedded run measured of the protocol's costs (ProtocolCosts' coordinator and worker parts). */
export interface EmbeddedCosts {
  readonly batches: number;
  readonly requests: number;
  /** Rollouts of those requests (a request for k leaf rollouts counts k). */
  readonly rollouts: number;
  /** Seconds in the runner (rollouts and scoring on the calling thread). */
  readonly runnerSeconds: number;
  /** Seconds of the search outside the runner (plan, absorb, the stack rules). */
  readonly coordinatorSeconds: number;
  /**
   * CPU seconds of this process per wall second over the advise (at most 1): the share of a core the
   * run got. On a loaded machine it is below 1 and the seconds above are wall times that carry the load.
   */
  readonly cpuShare?: number;
  /** One batch of the search (its 4th) and its results, to time the wire's encoding on. */
  readonly sample: { readonly requests: readonly RolloutRequest[]; readonly results: readonly RolloutResult[] };
}

const SEED = 1;

/** Leaf parallelism k of every run (`make scaling-experiment LEAF=K`, --leaf K; default 1). */
let leafRollouts = 1;
export function setLeafRollouts(k: number): void {
  if (!(Number.isInteger(k) && k >= 1 && k <= 1024)) throw new Error(`--leaf needs a whole number from 1 to 1024, got ${k}`);
  leafRollouts = k;
}
export const leafRolloutsOfRuns = (): number => leafRollouts;

export function requestOf(w: Workload, budget: number, inFlight: number, batchSize: number): AdviseRequest {
  const scores = w.scoresJson === "{}" ? null : parseScores(w.scoresJson, "random scores");
  if (scores !== null && !scores.ok) throw new Error(`scaling experiment: ${scores.error}`);
  const r = validateAdviseRequest({
    requirements: [w.requirement], indexes: [w.index], python: w.python, predictor: w.predictor, budget, seed: SEED, inFlight, leafRollouts,
    ...(scores === null ? {} : { scores: { table: scores.table, source: "random scores" } }),
  },
    { batchSize, timeoutMs: null });
  if (!r.ok) throw new Error(`scaling experiment: ${r.error.field}: ${r.error.message}`);
  return r.value;
}

/** The embedded advise on the calling thread; with the runner's time measured apart. */
export async function embeddedRun(w: Workload, budget: number, inFlight: number, batchSize = 256): Promise<{ run: MeasuredRun; costs: EmbeddedCosts; graph: CompiledGraph; stackTrace: [number, number][] }> {
  const store = join(mkdtempSync(join(tmpdir(), "maat-scaling-")), "knowledge.sqlite");
  const trace: [number, number][] = [];
  const stackTrace: [number, number][] = [];
  let runnerMs = 0;
  let batches = 0;
  let requests = 0;
  let rollouts = 0;
  let graph: CompiledGraph | null = null;
  let sample: EmbeddedCosts["sample"] | null = null;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const out = await runAdviseJob(requestOf(w, budget, inFlight, batchSize), {
    storePath: store, now: () => performance.now(),
    openRunner: async (g) => {
      graph = g;
      const inner = createInProcessRunner(g);
      return {
        ok: true,
        value: {
          run(batch: readonly RolloutRequest[]): Promise<RolloutResult[]> {
            const t0 = performance.now();
            const results = inner.runSync(batch);
            runnerMs += performance.now() - t0;
            if (batches++ === 3 || sample === null) sample = { requests: batch, results };
            requests += batch.length;
            for (const q of batch) rollouts += q.rollouts ?? 1;
            return Promise.resolve(results);
          },
          close() {},
        },
      };
    },
    onProgress: (p) => {
      if (!Number.isFinite(p.best)) return;
      trace.push([p.elapsedMs / 1000, p.best]);
      stackTrace.push([p.stacks, p.best]);
    },
  });
  const cpu = process.cpuUsage(cpu0);
  const cpuShare = Math.min(1, (cpu.user + cpu.system) / 1000 / (performance.now() - wall0));
  if (!out.ok) throw new Error(`embedded ${w.name}: ${out.error.message}`);
  const stats = out.value.report.stats;
  const seconds = stats.elapsed_ms / 1000;
  return {
    run: {
      workload: w.name, setup: "embedded, 1 thread", workers: 0, inFlight, stacks: stats.stacks_scored, seconds,
      stacksPerSecond: stats.stacks_scored / seconds, best: out.value.report.products[0]?.score ?? NaN, trace,
    },
    costs: { batches, requests, rollouts, runnerSeconds: runnerMs / 1000, coordinatorSeconds: seconds - runnerMs / 1000, cpuShare, sample: sample! },
    graph: graph!,
    stackTrace,
  };
}

/** Called at the first progress event that counts stacks, and when the answer is in (for CPU readings around the search). */
export interface RunProbe {
  first(stacks: number): void;
  last(stacks: number): void;
}

/** One advise through a coordinator's gRPC API. */
export async function clusterRun(address: string, w: Workload, budget: number, inFlight: number, workers: number, probe?: RunProbe): Promise<MeasuredRun> {
  // A secured coordinator (the Helm chart's default): MAAT_TLS_CA and MAAT_TOKEN_FILE, as `maat advise --server`.
  const client = new AdviserClient(address, readServerAccess({}, process.env));
  const trace: [number, number][] = [];
  let origin = NaN;
  let probed = false;
  try {
    const final = await client.advise({
      requirements: [w.requirement], index: w.index, python: w.python, predictor: w.predictor, budget: String(budget), seed: String(SEED), in_flight: inFlight, leaf_rollouts: leafRollouts,
      scores_json: w.scoresJson === "{}" ? "" : w.scoresJson,
    }, 1_800_000, (p) => {
      const stacks = Number(p.stacks_scored);
      if (Number.isNaN(origin)) origin = p.elapsed_seconds;
      if (stacks > 0 && p.has_best_score) trace.push([p.elapsed_seconds - origin, p.best_score]);
      if (stacks > 0 && !probed) { probed = true; probe?.first(stacks); }
    });
    probe?.last(final.ok ? Number((JSON.parse(final.value.report_json) as { stats: { stacks_scored: number } }).stats.stacks_scored) : NaN);
    if (!final.ok) throw new Error(`${w.name} on ${workers} workers: ${final.error.message}`);
    const report = JSON.parse(final.value.report_json) as { stats: { stacks_scored: number; elapsed_ms: number }; products: { score: number }[] };
    const seconds = report.stats.elapsed_ms / 1000;
    return {
      workload: w.name, setup: `${workers} worker${workers > 1 ? "s" : ""}`, workers, inFlight, stacks: report.stats.stacks_scored, seconds,
      stacksPerSecond: report.stats.stacks_scored / seconds, best: report.products[0]?.score ?? NaN, trace,
    };
  } finally {
    client.close();
  }
}
