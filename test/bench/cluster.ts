/**
 * `make bench-cluster`: stacks per second of whole searches in process (the kernel on the calling
 * thread; the embedded thread runner of `maat advise`) and through the cluster with 1, 2 and 4
 * `maat worker` processes (one thread each) on a real nats-server, for batch sizes 16 to 1024, on
 * the Flask and tensorflow 2.1 universes with random scores. This process plays the coordinator:
 * openNatsRunner + runSearch, as `maat serve` does. Each batch is split into one message per worker
 * (chunk = batch / workers). "coordinator ms/batch" is the predictor's own time (plan + absorb) per
 * batch; the rest of a batch's time is the round trip. Reports figures, asserts nothing.
 */
import { performance } from "node:perf_hooks";
import { NatsConnection, ensureClusterStreams, openNatsRunner } from "../../adapters/nats/index.js";
import { RolloutPool, createThreadRunner } from "../../adapters/piscina/index.js";
import { randomScores } from "../../core/experiment/index.js";
import type { CompiledGraph } from "../../core/graph/index.js";
import { type Predictor, createMcts, createTd, runSearch } from "../../core/predictor/index.js";
import { type RolloutRunner, createInProcessRunner } from "../../core/rollout/index.js";
import { MaatProcess, maatEnv } from "../integration/coordinator-process.js";
import { flaskUniverse, tensorflowUniverse } from "../experiment/universes.js";
import { NatsServer, natsServerBinary } from "../support/nats-server.js";

const BUDGET = 10_000;
const BATCHES = [16, 64, 256, 1_024];
const WORKERS = [1, 2, 4];

const fmt = (x: number, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

const predictors: Record<string, (g: CompiledGraph) => Predictor> = {
  mcts: (g) => createMcts(g, { seed: 1 }),
  td: (g) => createTd(g, { seed: 1 }),
};

/** A predictor whose plan and absorb calls are timed. */
function timed(p: Predictor): { predictor: Predictor; ms: () => number } {
  let ms = 0;
  const time = <T>(f: () => T): T => { const t0 = performance.now(); try { return f(); } finally { ms += performance.now() - t0; } };
  return {
    predictor: {
      name: p.name, incumbent: () => p.incumbent(), top: () => p.top(),
      planBatch: (n) => time(() => p.planBatch(n)), absorb: (r) => time(() => p.absorb(r)),
    },
    ms: () => ms,
  };
}

interface Measure { readonly perSecond: number; readonly coordinatorMs: number; readonly batchMs: number; readonly best: number }

async function measure(make: () => Predictor, runner: RolloutRunner, batchSize: number, budget = BUDGET): Promise<Measure> {
  const { predictor, ms } = timed(make());
  const t0 = performance.now();
  const r = await runSearch(predictor, { budget, batchSize, runner });
  const elapsed = performance.now() - t0;
  return { perSecond: (r.stacks / elapsed) * 1000, coordinatorMs: ms() / r.batches, batchMs: elapsed / r.batches, best: r.incumbent?.score ?? NaN };
}

type RunnerFor = (g: CompiledGraph, batchSize: number) => Promise<{ runner: RolloutRunner; close: () => Promise<void> }>;

export async function bench(): Promise<string> {
  if (natsServerBinary() === null) return "## Cluster scaling\n\nskipped: nats-server not found (make setup)\n";
  const universes: [string, CompiledGraph][] = [];
  const flask = await flaskUniverse(randomScores(1));
  const tf = await tensorflowUniverse(randomScores(1));
  if (flask !== null) universes.push(["Flask 2020", flask]);
  if (tf !== null) universes.push(["tensorflow 2.1", tf]);
  if (universes.length === 0) return "## Cluster scaling\n\nskipped: ../shared is absent\n";

  const nats = await NatsServer.start();
  const env = maatEnv();
  const workers: MaatProcess[] = [];
  const pool = new RolloutPool({ threads: 2 });
  const opened = await NatsConnection.connect({ servers: nats.url, name: "bench-coordinator", connectTimeoutMs: 5_000 });
  if (!opened.ok) throw new Error(opened.error.message);
  const connection = opened.value;
  const lines = ["## Cluster scaling (`make bench-cluster`)", ""];
  try {
    const jsm = await connection.jetstreamManager();
    if (!jsm.ok) throw new Error(jsm.error.message);
    const ensured = await ensureClusterStreams(jsm.value, { ackWaitMs: 30_000 });
    if (!ensured.ok) throw new Error(ensured.error.message);
    let advise = 0;
    const natsRunner = (workerCount: number): RunnerFor => async (g, batchSize) => {
      const r = await openNatsRunner({
        connection, adviseId: `bench-${advise++}`, graph: g, messageSize: Math.max(1, Math.ceil(batchSize / workerCount)),
        deadline: performance.now() + 600_000, now: () => performance.now(),
      });
      if (!r.ok) throw new Error(r.error.message);
      return { runner: r.value, close: () => r.value.close() };
    };
    const local: [string, RunnerFor][] = [
      ["in process (calling thread)", async (g) => ({ runner: createInProcessRunner(g), close: async () => {} })],
      ["embedded (thread runner, 2 threads)", async (g) => ({ runner: createThreadRunner(pool, g), close: async () => {} })],
    ];
    const results = new Map<string, Measure>();
    const key = (u: string, p: string, r: string, b: number) => `${u}|${p}|${r}|${b}`;
    const runAll = async (label: string, runnerFor: RunnerFor) => {
      for (const [u, g] of universes) for (const [p, make] of Object.entries(predictors)) for (const b of BATCHES) {
        const warm = await runnerFor(g, b);
        await measure(() => make(g), warm.runner, b, 1_000);
        await warm.close();
        const { runner, close } = await runnerFor(g, b);
        results.set(key(u, p, label, b), await measure(() => make(g), runner, b));
        await close();
      }
    };
    for (const [label, r] of local) await runAll(label, r);
    for (const n of WORKERS) {
      while (workers.length < n) {
        const id = `bench-w${workers.length + 1}`;
        workers.push((await MaatProcess.start(["worker", "--nats", nats.url, "--threads", "1", "--id", id], env, new RegExp(`maat worker ${id}: `))).process);
      }
      await runAll(`${n} worker${n > 1 ? "s" : ""}`, natsRunner(n));
    }
    const labels = [...local.map(([l]) => l), ...WORKERS.map((n) => `${n} worker${n > 1 ? "s" : ""}`)];
    lines.push(`Searches of ${fmt(BUDGET)} stacks (one run after a 1,000-stack warm-up) with random scores, seed 1. Workers: \`maat worker --threads 1\``,
      "processes on one loopback nats-server (JetStream, file storage); this process is the coordinator (openNatsRunner + runSearch), each",
      "batch split into one message per worker. \"of in process\": against the calling-thread runner at the same batch size;",
      "\"coord ms\": the predictor's plan + absorb time per batch; \"batch ms\": wall time per batch. 2 cores: 2 and 4 workers share them",
      "with the coordinator and nats-server.", "",
      "| universe | predictor | batch | runner | stacks/s | of in process | coord ms/batch | batch ms |",
      "| --- | --- | ---: | --- | ---: | ---: | ---: | ---: |");
    for (const [u] of universes) for (const p of Object.keys(predictors)) for (const b of BATCHES) {
      const base = results.get(key(u, p, labels[0], b));
      for (const l of labels) {
        const m = results.get(key(u, p, l, b));
        if (!m || !base) continue;
        lines.push(`| ${u} | ${p} | ${b} | ${l} | ${fmt(m.perSecond)} | ${fmt(m.perSecond / base.perSecond, 2)} | ${fmt(m.coordinatorMs, 2)} | ${fmt(m.batchMs, 2)} |`);
      }
    }
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await pool.destroy();
    await connection.close();
    await nats.dispose();
  }
  lines.push("");
  return lines.join("\n");
}
