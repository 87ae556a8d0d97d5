/**
 * One batch's trip, phase by phase, on the real path: `node dist/test/scaling/message-trip.js`
 * (`make message-trip`; `--leaf K` (default 8), `--budget N` (default 40,000 stacks), `--predictor
 * mcts|td`, `--workload tf21|flask`, `--threads N` of the worker, `--in-flight D` batches (default 1)). A nats-server (JetStream, file storage)
 * on a free loopback port; the worker service (services/worker, one pool thread unless --threads)
 * in a child process of this file; the coordinator's side in this process: the advise job
 * (runAdviseJob, as `maat serve` runs it) on openNatsRunner, batch 256, D batches in flight, with the
 * trip traced (adapters/nats/trip-trace.ts) on both sides. Then the same advise (same D) embedded on
 * this thread, for the same-run ratio. The worker's pool threads' idle share is the time no run is
 * on them (from the first counted run's start to the last one's end) over that time. Prints a Markdown table of the medians over the batches (the first 10
 * skipped as warm-up) with the load average. Measures; asserts nothing.
 *
 * The two processes' times share one clock (performance.timeOrigin + performance.now(), both from
 * the system's); the phases that cross processes ("to the worker", "to the coordinator") depend
 * on it, their sum does not: it is the batch's time at the coordinator less the worker's time in
 * hand.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { NatsConnection, ensureClusterStreams, openNatsRunner, type TripPhase } from "../../adapters/nats/index.js";
import type { CompiledGraph } from "../../core/graph/index.js";
import { createInProcessRunner, type RolloutRequest, type RolloutResult } from "../../core/rollout/index.js";
import { runAdviseJob } from "../../services/compose/advise-job.js";
import { parseWorkerConfig } from "../../services/worker/config.js";
import { WorkerService } from "../../services/worker/worker-service.js";
import { NatsServer, natsServerBinary } from "../support/nats-server.js";
import { sharedData } from "../support/shared-data.js";
import { embeddedRun, randomScoresJson, requestOf, setLeafRollouts, type Workload } from "./measured-runs.js";

/** A time on the clock both processes share (ms since the epoch, sub-ms resolution). */
const clock = () => performance.timeOrigin + performance.now();
const toClock = (at: number) => performance.timeOrigin + at;

interface Mark { readonly id: number; readonly phase: TripPhase; readonly at: number }

// ---------------------------------------------------------------------------------------------
// The worker: the worker service with its trip traced; the marks printed on "stop".

async function workerMain(natsUrl: string, threads: number): Promise<void> {
  const config = parseWorkerConfig({ nats: natsUrl, threads: String(threads), id: "trip" }, {}, { hostname: "trip", pid: process.pid, availableParallelism: 2 });
  if (!config.ok) throw new Error(config.error.message);
  const marks: Mark[] = [];
  const started = await WorkerService.start(config.value, {
    log: (line) => process.stderr.write(`worker: ${line}\n`),
    trace: (id, phase, at) => void marks.push({ id, phase, at: toClock(at) }),
  });
  if (!started.ok) throw new Error(started.error.message);
  process.stdout.write("ready\n");
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === "clear") marks.length = 0;
    if (line === "stop") break;
  }
  await started.value.stop();
  process.stdout.write(`${JSON.stringify(marks)}\n`, () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------
// The coordinator.

interface Args {
  readonly leaf: number; readonly budget: number; readonly predictor: "mcts" | "td"; readonly workload: "tf21" | "flask"; readonly threads: number;
  readonly inFlight: number;
}

function parseArgs(argv: readonly string[]): Args {
  let leaf = 8, budget = 40_000, predictor: "mcts" | "td" = "mcts", workload: "tf21" | "flask" = "tf21", threads = 1, inFlight = 1;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => { const v = argv[++i]; if (v === undefined) throw new Error(`${a} needs a value`); return v; };
    if (a === "--leaf") leaf = Number(value());
    else if (a === "--budget") budget = Number(value());
    else if (a === "--threads") threads = Number(value());
    else if (a === "--in-flight") inFlight = Number(value());
    else if (a === "--predictor") { const p = value(); if (p !== "mcts" && p !== "td") throw new Error(`--predictor: mcts or td, got ${p}`); predictor = p; }
    else if (a === "--workload") { const w = value(); if (w !== "tf21" && w !== "flask") throw new Error(`--workload: tf21 or flask, got ${w}`); workload = w; }
    else throw new Error(`unknown argument ${JSON.stringify(a)} (--leaf K, --budget N, --predictor mcts|td, --workload tf21|flask, --threads N, --in-flight D)`);
  }
  if (!(Number.isInteger(budget) && budget >= 2_560)) throw new Error(`--budget needs a whole number >= 2560, got ${budget}`);
  if (!(Number.isInteger(threads) && threads >= 1)) throw new Error(`--threads needs a whole number >= 1, got ${threads}`);
  if (!(Number.isInteger(inFlight) && inFlight >= 1 && inFlight <= 8)) throw new Error(`--in-flight needs a whole number from 1 to 8, got ${inFlight}`);
  return { leaf, budget, predictor, workload, threads, inFlight };
}

class WorkerChild {
  private constructor(private readonly child: ChildProcess, private readonly lines: AsyncIterator<string>) {}

  static async start(natsUrl: string, threads: number): Promise<WorkerChild> {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--worker", natsUrl, String(threads)], { stdio: ["pipe", "pipe", "inherit"] });
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const w = new WorkerChild(child, lines);
    const first = await w.line(20_000);
    if (first !== "ready") throw new Error(`the worker did not start (said ${JSON.stringify(first)})`);
    return w;
  }

  private async line(ms: number): Promise<string | null> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), ms); });
    const next = this.lines.next().then((r) => (r.done ? null : r.value));
    const got = await Promise.race([next, deadline]);
    clearTimeout(timer);
    return got;
  }

  clear(): void {
    this.child.stdin!.write("clear\n");
  }

  /** Stops the worker and returns its marks. */
  async stop(): Promise<Mark[]> {
    this.child.stdin!.write("stop\n");
    const json = await this.line(30_000);
    if (json === null) {
      if (this.child.pid !== undefined) process.kill(this.child.pid);
      throw new Error("the worker did not report its marks within 30 s");
    }
    await new Promise<void>((resolve) => { if (this.child.exitCode !== null) resolve(); else this.child.once("exit", () => resolve()); });
    return JSON.parse(json) as Mark[];
  }
}

interface BatchTimes { readonly requests: readonly RolloutRequest[]; readonly called: number; resolved: number }

/** One advise on the coordinator's path over NATS, traced. */
async function clusterAdvise(natsUrl: string, w: Workload, budget: number, inFlight: number): Promise<{ marks: Mark[]; batches: BatchTimes[]; graph: CompiledGraph; stacksPerSecond: number; best: number }> {
  const connected = await NatsConnection.connect({ servers: natsUrl, name: "trip-coordinator", connectTimeoutMs: 10_000 });
  if (!connected.ok) throw new Error(connected.error.message);
  const connection = connected.value;
  const marks: Mark[] = [];
  const batches: BatchTimes[] = [];
  let graph: CompiledGraph | null = null;
  try {
    const store = join(mkdtempSync(join(tmpdir(), "maat-trip-")), "knowledge.sqlite");
    const out = await runAdviseJob(requestOf(w, budget, inFlight, 256), {
      storePath: store, now: () => performance.now(),
      openRunner: async (g) => {
        graph = g;
        const opened = await openNatsRunner({
          connection, adviseId: `trip-${process.pid}-${Date.now()}`, graph: g, messageSize: 256, deadline: performance.now() + 600_000, now: () => performance.now(),
          trace: (id, phase, at) => void marks.push({ id, phase, at: toClock(at) }),
        });
        if (!opened.ok) return { ok: false, error: { code: opened.error.code, message: opened.error.message } };
        const runner = opened.value;
        return {
          ok: true,
          value: {
            run(requests: readonly RolloutRequest[]): Promise<RolloutResult[]> {
              const b: BatchTimes = { requests, called: clock(), resolved: NaN };
              batches.push(b);
              return runner.run(requests).then((results) => { b.resolved = clock(); return results; });
            },
            close: () => runner.close(),
          },
        };
      },
    });
    if (!out.ok) throw new Error(`${w.name} over NATS: ${out.error.message}`);
    const stats = out.value.report.stats;
    return { marks, batches, graph: graph!, stacksPerSecond: stats.stacks_scored / (stats.elapsed_ms / 1000), best: out.value.report.products[0]?.score ?? NaN };
  } finally {
    await connection.close();
  }
}

const median = (xs: readonly number[]): number => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }) : "n/a");

const BOTH_HOPS = "both hops (clock-free: coordinator encoded to received, less worker in hand)";

export interface TripRow { readonly side: string; readonly phase: string; readonly ms: number }

/** The worker's pool threads between runs: their idle share and the median gap from one run's end to the next one's start. */
export interface ThreadIdle {
  /** Time with no run on a thread over the threads' time, from the first counted run's start to the last one's end. */
  readonly share: number;
  /** Median time from a run's end to the next run's start (runs in start order; one thread's gaps when --threads 1). */
  readonly gapMs: number;
}

/**
 * The phases of each batch (one message each: message size 256 = the batch), medians over the
 * batches after the first `skip`. Rows in the order a batch lives them. With D batches in flight,
 * batch n is planned once batch n - D is absorbed.
 */
export function tripRows(coordinator: readonly Mark[], worker: readonly Mark[], batches: readonly BatchTimes[], kernelMs: number, inFlight = 1, skip = 10): TripRow[] {
  const at = new Map<string, number>();
  for (const m of coordinator) at.set(`c:${m.id}:${m.phase}`, m.at);
  for (const m of worker) if (m.id >= 0) at.set(`w:${m.id}:${m.phase}`, m.at);
  const c = (id: number, p: TripPhase) => at.get(`c:${id}:${p}`) ?? NaN;
  const wk = (id: number, p: TripPhase) => at.get(`w:${id}:${p}`) ?? NaN;
  const series = new Map<string, number[]>();
  const add = (key: string, ms: number) => { let s = series.get(key); if (!s) series.set(key, (s = [])); s.push(ms); };
  const first = Math.max(skip, inFlight);
  // Batch n is message n: one message per batch, ids from 0.
  for (let n = first; n < batches.length; n++) {
    const b = batches[n];
    add("absorb + plan", b.called - batches[n - inFlight].resolved);
    add("encode", c(n, "encoded") - b.called);
    add("publish until PubAck (beside the trip)", c(n, "published") - c(n, "encoded"));
    add("to the worker", wk(n, "delivered") - c(n, "encoded"));
    add("decode", wk(n, "unpacked") - wk(n, "delivered"));
    add("waiting for a free thread", wk(n, "started") - wk(n, "unpacked"));
    add("graph lookup", wk(n, "graph") - wk(n, "started"));
    add("run on the pool", wk(n, "ran") - wk(n, "graph"));
    add("encode answer", wk(n, "answer-encoded") - wk(n, "ran"));
    add("publish answer until PubAck", wk(n, "answered") - wk(n, "answer-encoded"));
    add("ack until confirmed", wk(n, "acked") - wk(n, "answered"));
    add("to the coordinator", c(n, "received") - wk(n, "answer-encoded"));
    add("decode answer", c(n, "decoded") - c(n, "received"));
    add("rebuild results", c(n, "rebuilt") - c(n, "decoded"));
    add("until the search has them", b.resolved - c(n, "rebuilt"));
    add("batch at the coordinator (run called to resolved)", b.resolved - b.called);
    add("worker in hand (delivered to answer encoded)", wk(n, "answer-encoded") - wk(n, "delivered"));
    add(BOTH_HOPS, (c(n, "received") - c(n, "encoded")) - (wk(n, "answer-encoded") - wk(n, "delivered")));
    add("period (run called to the next run called)", (batches[n + 1]?.called ?? NaN) - b.called);
  }
  const side: Record<string, string> = {
    "absorb + plan": "coordinator", encode: "coordinator", "publish until PubAck (beside the trip)": "coordinator",
    "to the worker": "NATS", decode: "worker", "waiting for a free thread": "worker", "graph lookup": "worker", "run on the pool": "worker",
    "encode answer": "worker", "publish answer until PubAck": "worker", "ack until confirmed": "worker",
    "to the coordinator": "NATS", "decode answer": "coordinator", "rebuild results": "coordinator", "until the search has them": "coordinator",
  };
  const rows: TripRow[] = [...series].map(([phase, xs]) => ({ side: side[phase] ?? "total", phase, ms: median(xs) }));
  rows.splice(rows.findIndex((r) => r.phase === "run on the pool") + 1, 0, { side: "worker", phase: "the kernel alone (runRequest on the same requests, in this process after the advise)", ms: kernelMs });
  return rows;
}

/** The pool threads' idle time between runs of the messages after the first `skip` (runs from the `graph` to the `ran` marks). */
export function threadIdle(worker: readonly Mark[], threads: number, skip = 10): ThreadIdle {
  const start = new Map<number, number>(), end = new Map<number, number>();
  for (const m of worker) {
    if (m.id < skip) continue;
    if (m.phase === "graph") start.set(m.id, m.at);
    else if (m.phase === "ran") end.set(m.id, m.at);
  }
  const runs = [...start].filter(([id]) => end.has(id)).map(([id, s]) => [s, end.get(id)!] as const).sort((a, b) => a[0] - b[0]);
  if (runs.length < 2) return { share: NaN, gapMs: NaN };
  let busy = 0, last = -Infinity;
  const gaps: number[] = [];
  for (let i = 0; i < runs.length; i++) {
    busy += runs[i][1] - runs[i][0];
    last = Math.max(last, runs[i][1]);
    if (i > 0) gaps.push(runs[i][0] - runs[i - 1][1]);
  }
  const span = threads * (last - runs[0][0]);
  return { share: 1 - busy / span, gapMs: median(gaps) };
}

/** What the protocol model takes from a trip (seconds), with the trip's table. */
export interface TripCosts {
  /** One-way NATS latency: half the two hops (clock-free). */
  readonly latency: number;
  /** Coordinator, per request: encode the message, decode its answer, rebuild its results (they grow with the requests). */
  readonly coordinatorPerRequest: number;
  /** Worker, per request: decode the message, encode its answer (on the path to the coordinator). */
  readonly workerPerRequest: number;
  /** Worker, per message: find its graph (a cache hit) and start on it. */
  readonly workerPerMessage: number;
  /** Requests per message (= per batch here), median. */
  readonly requestsPerMessage: number;
  readonly rows: readonly TripRow[];
  readonly batches: number;
  /** The traced advise's stacks per second and best score. */
  readonly stacksPerSecond: number;
  readonly best: number;
}

/** A measured trip: the model's costs with the worker threads' idle time and the batches in flight. */
export interface TripMeasure extends TripCosts {
  readonly idle: ThreadIdle;
  readonly inFlight: number;
}

/**
 * One traced advise of `w` over a nats-server of its own and a worker service child process
 * (`threads` pool threads) with `inFlight` batches in flight, after a warm-up advise; the leaf rollouts
 * are measured-runs' (setLeafRollouts).
 */
export async function measureTrip(w: Workload, budget: number, threads = 1, inFlight = 1): Promise<TripMeasure> {
  const nats = await NatsServer.start();
  let worker: WorkerChild | null = null;
  try {
    const connected = await NatsConnection.connect({ servers: nats.url, name: "trip-setup", connectTimeoutMs: 10_000 });
    if (!connected.ok) throw new Error(connected.error.message);
    const jsm = await connected.value.jetstreamManager();
    if (!jsm.ok) throw new Error(jsm.error.message);
    const streams = await ensureClusterStreams(jsm.value, { ackWaitMs: 30_000 });
    if (!streams.ok) throw new Error(streams.error.message);
    await connected.value.close();
    worker = await WorkerChild.start(nats.url, threads);
    await clusterAdvise(nats.url, w, 5_000, inFlight); // warm-up: the worker's graph cached, both JITs warm
    worker.clear();
    const cluster = await clusterAdvise(nats.url, w, budget, inFlight);
    const workerMarks = await worker.stop();
    worker = null;
    // The kernel alone on the same requests (every 4th batch), for the pool's own share of "run".
    const inProcess = createInProcessRunner(cluster.graph);
    const kernel: number[] = [];
    for (let n = 10; n < cluster.batches.length; n += 4) {
      const t0 = performance.now();
      inProcess.runSync(cluster.batches[n].requests);
      kernel.push(performance.now() - t0);
    }
    const rows = tripRows(cluster.marks, workerMarks, cluster.batches, median(kernel), inFlight);
    const ms = (phase: string) => rows.find((r) => r.phase === phase)?.ms ?? NaN;
    const requestsPerMessage = median(cluster.batches.slice(10).map((b) => b.requests.length));
    return {
      latency: ms(BOTH_HOPS) / 2 / 1000,
      coordinatorPerRequest: (ms("encode") + ms("decode answer") + ms("rebuild results")) / 1000 / requestsPerMessage,
      workerPerRequest: (ms("decode") + ms("encode answer")) / 1000 / requestsPerMessage,
      workerPerMessage: ms("graph lookup") / 1000,
      requestsPerMessage,
      rows, batches: cluster.batches.length, stacksPerSecond: cluster.stacksPerSecond, best: cluster.best,
      idle: threadIdle(workerMarks, threads), inFlight,
    };
  } finally {
    if (worker !== null) await worker.stop().catch(() => []);
    await nats.dispose();
  }
}

/** The trip's table in Markdown. */
export function tripTable(rows: readonly TripRow[]): string[] {
  return ["| side | phase | median ms |", "| --- | --- | ---: |", ...rows.map((r) => `| ${r.side} | ${r.phase} | ${fmt(r.ms, 3)} |`)];
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  setLeafRollouts(args.leaf);
  const file = args.workload === "tf21" ? "tf21-graph.json" : "flask-graph.json";
  const index = sharedData("pypi-graphs", file);
  if (index === null) { process.stdout.write("## Message trip\n\nskipped: ../shared/data/pypi-graphs is absent\n"); return; }
  if (natsServerBinary() === null) { process.stdout.write("## Message trip\n\nskipped: nats-server not found (make setup installs it)\n"); return; }
  const [python, requirement] = args.workload === "tf21" ? ["3.7", "tensorflow==2.1.0"] : ["3.8", "flask"];
  const name = `${args.workload === "tf21" ? "tensorflow 2.1" : "Flask"} ${args.predictor}`;
  const plain: Workload = { name, index, python, requirement, predictor: args.predictor, scoresJson: "{}" };
  const closure = new Set((await embeddedRun(plain, 500, 1)).graph.names);
  const w: Workload = { ...plain, scoresJson: randomScoresJson(index, 1, closure) };
  const load = loadavg().map((x) => x.toFixed(2)).join(", ");
  const trip = await measureTrip(w, args.budget, args.threads, args.inFlight);
  const embedded = (await embeddedRun(w, args.budget, args.inFlight)).run;
  const lines = [
    `## One batch's trip: ${name}, k = ${args.leaf}, batch 256, D = ${args.inFlight}, one message per batch, worker --threads ${args.threads}`,
    "",
    `${trip.batches} batches (medians after the first 10); load average before the run ${load}, after ${loadavg().map((x) => x.toFixed(2)).join(", ")} (${new Date().toISOString().slice(0, 16)} UTC).`,
    `Same run: embedded one thread (same D) ${fmt(embedded.stacksPerSecond, 0)} stacks/s, one worker ${fmt(trip.stacksPerSecond, 0)} stacks/s (${fmt(trip.stacksPerSecond / embedded.stacksPerSecond)}x); best score ${fmt(trip.best, 4)} (embedded ${fmt(embedded.best, 4)}).`,
    `Worker pool threads idle ${fmt(100 * trip.idle.share, 1)}% of the time between their first and last counted run; median gap from a run's end to the next run's start ${fmt(trip.idle.gapMs, 3)} ms.`,
    "",
    ...tripTable(trip.rows),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

const entry = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (entry && process.argv[2] === "--worker") {
  workerMain(process.argv[3], Number(process.argv[4] ?? "1")).catch((e: unknown) => {
    process.stderr.write(`message-trip worker: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
} else if (entry) {
  main().catch((e: unknown) => {
    process.stderr.write(`message-trip: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
