/**
 * `make scaling-experiment` (QUICK=1 for a short run): the horizontal scaling experiment of
 * docs/scaling.md. (a) Measured: embedded on one thread and `maat serve --nats` with 1 and 2
 * `maat worker --threads 1` processes, on a nats-server (JetStream) started on a free loopback
 * port; (b) the protocol model calibrated from (a), its error against (a), and its predictions
 * for 1 to 256 workers. Prints a Markdown report; `--out DIR` also writes DIR/scaling-results.md and its
 * SVGs. In a Kubernetes Job (k8s/scaling-experiment-job.yaml): `--coordinator HOST:PORT --workers N`
 * uses a running coordinator and its N workers instead of starting any.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { ADVISE_DEFAULTS } from "../../core/advise/index.js";
import type { CompiledGraph } from "../../core/graph/index.js";
import { lineChartSvg } from "../../core/report/index.js";
import { MaatProcess, maatEnv } from "../integration/coordinator-process.js";
import { NatsServer, natsServerBinary } from "../support/nats-server.js";
import { sharedData } from "../support/shared-data.js";
import { calibrate, predicted, predictedBefore, type Calibration, type EmbeddedCosts as CalibrationCosts } from "./model-calibration.js";
import { clusterRun, embeddedRun, type RunProbe, setLeafRollouts, randomScoresJson, type EmbeddedCosts, type MeasuredRun, type Workload } from "./measured-runs.js";
import { modelTables } from "./model-tables.js";
import { measureTrip, tripTable, type TripCosts } from "./message-trip.js";
import { measureWireCosts, type WireCosts } from "./wire-costs.js";
import { processCpuSeconds } from "./process-cpu.js";

interface Args {
  readonly quick: boolean;
  readonly out: string | null;
  readonly coordinator: string | null;
  readonly workers: number;
  readonly data: string | null;
  /** Runs of each configuration; the fastest is kept (a loaded machine only ever slows a run down). */
  readonly repeat: number;
  /** Leaf parallelism k of every run (--leaf K). */
  readonly leaf: number;
  /** --dump FILE: the raw measurements (runs, costs, trip, CPU per process) as JSON, to refit the model without re-running. */
  readonly dump: string | null;
  /** --from FILE: no measuring; the model and the page from a --dump file (to refit the model on the same measurements). */
  readonly from: string | null;
}

function parseArgs(argv: readonly string[]): Args {
  let dump: string | null = null, from: string | null = null;
  let quick = false, out: string | null = null, coordinator: string | null = null, workers = 0, data: string | null = null, repeat = 0, leaf = 1;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => { const v = argv[++i]; if (v === undefined) throw new Error(`${a} needs a value`); return v; };
    if (a === "--quick") quick = true;
    else if (a === "--out") out = value();
    else if (a === "--coordinator") coordinator = value();
    else if (a === "--workers") workers = Number(value());
    else if (a === "--data") data = value();
    else if (a === "--repeat") repeat = Number(value());
    else if (a === "--leaf") leaf = Number(value());
    else if (a === "--dump") dump = value();
    else if (a === "--from") from = value();
    else throw new Error(`unknown argument ${JSON.stringify(a)} (--quick, --out DIR, --coordinator HOST:PORT --workers N, --data DIR, --repeat N, --leaf K, --dump FILE, --from FILE)`);
  }
  if (coordinator !== null && !(Number.isInteger(workers) && workers >= 1)) throw new Error("--coordinator needs --workers N (the worker replicas it has), N >= 1");
  if (repeat !== 0 && !(Number.isInteger(repeat) && repeat >= 1)) throw new Error(`--repeat needs a whole number >= 1, got ${repeat}`);
  return { quick, out, coordinator, workers, data, repeat: repeat === 0 ? (quick ? 1 : 3) : repeat, leaf, dump, from };
}

const fmt = (x: number, d = 0) => (Number.isFinite(x) ? x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }) : "n/a");

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  setLeafRollouts(args.leaf);
  if (args.from !== null) {
    model(args, JSON.parse(readFileSync(args.from, "utf8")) as Measurements);
    return;
  }
  const graphPath = (name: string) => (args.data !== null ? join(args.data, "pypi-graphs", name) : sharedData("pypi-graphs", name));
  const tf = graphPath("tf21-graph.json");
  const flask = graphPath("flask-graph.json");
  if (tf === null || flask === null) {
    process.stdout.write("## Scaling experiment\n\nskipped: ../shared/data/pypi-graphs is absent (or give --data DIR)\n");
    return;
  }
  if (args.coordinator === null && natsServerBinary() === null) {
    process.stdout.write("## Scaling experiment\n\nskipped: nats-server not found (make setup installs it)\n");
    return;
  }
  const budget = args.quick ? 20_000 : 100_000;
  const D = ADVISE_DEFAULTS.inFlight;
  const sweep = (args.quick ? [1, 2, D] : [1, 2, 4, 8, D]).filter((d, i, a) => a.indexOf(d) === i).sort((a, b) => a - b);
  // Scores for the packages of each request's closure (the compiled graph's), seeded.
  const closure = async (index: string, python: string, requirement: string) => {
    const plain: Workload = { name: requirement, index, python, requirement, predictor: "mcts", scoresJson: "{}" };
    return new Set((await embeddedRun(plain, 500, 1)).graph.names);
  };
  const tfScores = randomScoresJson(tf, 1, await closure(tf, "3.7", "tensorflow==2.1.0"));
  const flaskScores = randomScoresJson(flask, 1, await closure(flask, "3.8", "flask"));
  const tfMcts: Workload = { name: "tensorflow 2.1 mcts", index: tf, python: "3.7", requirement: "tensorflow==2.1.0", predictor: "mcts", scoresJson: tfScores };
  const workloads: Workload[] = [
    tfMcts,
    { name: "tensorflow 2.1 td", index: tf, python: "3.7", requirement: "tensorflow==2.1.0", predictor: "td", scoresJson: tfScores },
    { name: "Flask td", index: flask, python: "3.8", requirement: "flask", predictor: "td", scoresJson: flaskScores },
    ...(args.quick ? [] : [{ name: "Flask mcts", index: flask, python: "3.8", requirement: "flask", predictor: "mcts" as const, scoresJson: flaskScores }]),
  ];
  const log = (line: string) => process.stderr.write(`scaling: ${line}\n`);
  /** The fastest of args.repeat runs. */
  const fastest = async <T,>(once: () => Promise<T>, rate: (x: T) => number = (x) => (x as MeasuredRun).stacksPerSecond): Promise<T> => {
    let best: T | null = null;
    for (let i = 0; i < args.repeat; i++) {
      const r = await once();
      if (best === null || rate(r) > rate(best)) best = r;
    }
    return best!;
  };
  const runs: MeasuredRun[] = [];

  // (a) embedded, one thread; tensorflow mcts also at batch 64 for the coordinator's per-batch cost.
  await embeddedRun(tfMcts, 2_000, D); // warm-up
  const embeddedCosts = new Map<number, EmbeddedCosts>();
  let tfStackTrace: [number, number][] = [];
  let tfGraph: CompiledGraph | null = null;
  for (const d of sweep) {
    const e = await fastest(() => embeddedRun(tfMcts, budget, d), (x) => x.run.stacksPerSecond);
    runs.push(e.run);
    embeddedCosts.set(d, e.costs);
    tfGraph = e.graph;
    log(`${tfMcts.name} embedded D=${d}: ${fmt(e.run.stacksPerSecond)} stacks/s`);
    if (d === D) tfStackTrace = e.stackTrace;
  }
  const at256 = embeddedCosts.get(D)!;
  const wire = measureWireCosts(tfGraph!, at256.sample.requests, at256.sample.results);
  // Each workload's own costs (its embedded run at D and its wire costs): the model is calibrated per workload.
  const byWorkload = new Map<string, { costs: EmbeddedCosts; wire: WireCosts }>([[tfMcts.name, { costs: at256, wire }]]);
  for (const w of workloads.slice(1)) {
    const e = await fastest(() => embeddedRun(w, budget, D), (x) => x.run.stacksPerSecond);
    runs.push(e.run);
    byWorkload.set(w.name, { costs: e.costs, wire: measureWireCosts(e.graph, e.costs.sample.requests, e.costs.sample.results) });
    log(`${w.name} embedded: ${fmt(e.run.stacksPerSecond)} stacks/s`);
  }
  const at64 = (await embeddedRun(tfMcts, budget, D, 64)).costs;

  // The messaging's costs for the model, phase by phase (its own nats-server and traced worker service).
  let trip: TripCosts | null = null;
  if (args.coordinator === null) {
    trip = await measureTrip(tfMcts, args.quick ? 20_000 : 40_000);
    log(`message trip: both hops ${fmt(2000 * trip.latency, 2)} ms; wire ${fmt(1e6 * trip.coordinatorPerRequest, 1)} µs per request on the coordinator, ${fmt(1e6 * trip.workerPerRequest, 1)} µs on the worker`);
  }

  // (a) the cluster.
  const env = maatEnv();
  /** The processes of the cluster started here (none for --coordinator): their CPU is read around each run. */
  let pids: { coordinator?: number; workers: (number | undefined)[]; nats?: number } | null = null;
  const withCpu = async (once: (probe?: RunProbe) => Promise<MeasuredRun>): Promise<MeasuredRun> => {
    if (pids === null) return once();
    const p = pids;
    const read = (stacks: number) => ({
      at: performance.now(), stacks, coordinator: processCpuSeconds(p.coordinator), workers: p.workers.map(processCpuSeconds), nats: processCpuSeconds(p.nats),
      driver: process.cpuUsage(),
    });
    let before: ReturnType<typeof read> | null = null;
    let after: ReturnType<typeof read> | null = null;
    const r = await once({ first: (stacks) => { before = read(stacks); }, last: (stacks) => { after = read(stacks); } });
    if (before === null || after === null) return r;
    const [b, a] = [before as ReturnType<typeof read>, after as ReturnType<typeof read>];
    return {
      ...r, cpu: {
        wall: (a.at - b.at) / 1000, stacks: a.stacks - b.stacks, coordinator: a.coordinator - b.coordinator, workers: a.workers.map((x, i) => x - b.workers[i]),
        nats: a.nats - b.nats, driver: (a.driver.user - b.driver.user + a.driver.system - b.driver.system) / 1e6,
      },
    };
  };
  const clusterRows = async (address: string, workers: number) => {
    await clusterRun(address, tfMcts, 2_000, D, workers); // warm-up: graphs cached, JIT warm
    for (const d of sweep) {
      const r = await fastest(() => withCpu((probe) => clusterRun(address, tfMcts, budget, d, workers, probe)));
      runs.push(r);
      log(`${r.workload} ${r.setup} D=${d}: ${fmt(r.stacksPerSecond)} stacks/s`);
    }
    for (const w of workloads.slice(1)) {
      const r = await fastest(() => withCpu((probe) => clusterRun(address, w, budget, D, workers, probe)));
      runs.push(r);
      log(`${r.workload} ${r.setup} D=${D}: ${fmt(r.stacksPerSecond)} stacks/s`);
    }
  };
  if (args.coordinator !== null) {
    await clusterRows(args.coordinator, args.workers);
  } else {
    const nats = await NatsServer.start();
    const workers: MaatProcess[] = [];
    try {
      for (const n of [1, 2]) {
        while (workers.length < n) {
          const id = `scaling-w${workers.length + 1}`;
          workers.push((await MaatProcess.start(["worker", "--nats", nats.url, "--threads", "1", "--id", id], env, new RegExp(`maat worker ${id}: `))).process);
        }
        const serve = await MaatProcess.start(["serve", "--nats", nats.url, "--listen", "127.0.0.1:0", "--data-root", dirname(tf), "--chunk-size", String(Math.ceil(256 / n))], env,
          /maat serve: listening on (127\.0\.0\.1:\d+) \(nats /);
        pids = { coordinator: serve.process.child.pid, workers: workers.map((w) => w.child.pid), nats: nats.pid };
        try {
          await clusterRows(serve.match[1], n);
        } finally {
          await serve.process.stop();
        }
      }
    } finally {
      await Promise.allSettled(workers.map((w) => w.stop()));
      await nats.dispose();
    }
  }

  // (b) the model.
  const counts = (c: EmbeddedCosts): CalibrationCosts => ({ batches: c.batches, requests: c.requests, rollouts: c.rollouts, runnerSeconds: c.runnerSeconds, coordinatorSeconds: c.coordinatorSeconds, cpuShare: c.cpuShare });
  const measured: Measurements = {
    at: new Date().toISOString(), load: loadavg(), cores: availableParallelism(), budget, leaf: args.leaf, repeat: args.repeat, coordinator: args.coordinator, reference: tfMcts.name, defaultInFlight: D,
    runs, referenceByInFlight: [...embeddedCosts].map(([d, c]) => [d, counts(c)]), at64: counts(at64),
    workloads: [...byWorkload].map(([name, x]) => [name, { costs: counts(x.costs), wire: x.wire }]), trip, stackTrace: tfStackTrace,
  };
  if (args.dump !== null) writeFileSync(args.dump, `${JSON.stringify(measured)}\n`);
  model(args, measured);
}

/** What (a) measured and (b) is calibrated from: `--dump FILE` writes it, `--from FILE` re-renders the page from it without measuring. */
interface Measurements {
  readonly at: string;
  readonly load: readonly number[];
  readonly cores: number;
  readonly budget: number;
  readonly leaf: number;
  readonly repeat: number;
  readonly coordinator: string | null;
  readonly reference: string;
  readonly defaultInFlight: number;
  readonly runs: readonly MeasuredRun[];
  readonly referenceByInFlight: readonly (readonly [number, CalibrationCosts])[];
  readonly at64: CalibrationCosts;
  readonly workloads: readonly (readonly [string, { readonly costs: CalibrationCosts; readonly wire: WireCosts }])[];
  readonly trip: TripCosts | null;
  readonly stackTrace: readonly [number, number][];
}

function model(args: Args, m: Measurements): void {
  const calibration = calibrate({
    reference: m.reference, referenceByInFlight: new Map(m.referenceByInFlight), defaultInFlight: m.defaultInFlight, at64: m.at64,
    workloads: new Map(m.workloads), trip: m.trip, runs: m.runs, cores: m.cores,
  });
  const report = render({ ...args, leaf: m.leaf, repeat: m.repeat, coordinator: m.coordinator }, m.budget, m.runs, calibration, m.stackTrace, m.trip);
  process.stderr.write(`scaling: measured ${m.at}, load average ${m.load.map((x) => x.toFixed(2)).join(", ")} at the end, ${m.cores} cores\n`);
  process.stdout.write(report.markdown);
  if (args.out !== null) {
    const page = ["<!-- written by make scaling-experiment OUT=docs: do not edit -->", "## Scaling experiment: results", "", report.markdown,
      "![best score against wall time](scaling.svg)", "", "![model efficiency](scaling-model.svg)", ""].join("\n");
    writeFileSync(join(args.out, "scaling-results.md"), page);
    writeFileSync(join(args.out, "scaling.svg"), report.measuredSvg);
    writeFileSync(join(args.out, "scaling-model.svg"), report.modelSvg);
  }
}

function render(args: Args, budget: number, runs: readonly MeasuredRun[], c: Calibration, stackTrace: readonly [number, number][], trip: TripCosts | null) {
  const lines: string[] = [];
  const embedded = (w: string, d: number) => runs.find((r) => r.workload === w && r.workers === 0 && r.inFlight === d) ?? runs.find((r) => r.workload === w && r.workers === 0);
  const oneAt = (w: string, d: number) => runs.find((r) => r.workload === w && r.workers === 1 && r.inFlight === d);
  lines.push("### (a) Measured", "",
    `${fmt(budget)} stacks per search (the fastest of ${args.repeat} run${args.repeat > 1 ? "s" : ""}), seed 1, batch 256${args.leaf > 1 ? `, leaf rollouts k = ${args.leaf}` : ""}, \`maat worker --threads 1\`, chunk = batch / workers; ${args.coordinator ?? "a nats-server (JetStream) on loopback"}.`,
    "\"of embedded\": against embedded on one thread, same workload (and D when measured); \"of 1 worker\": against one worker at the same D. \"model\": the protocol model's",
    `stacks/s for the run's shape (b) with its workload's costs on ${c.cores === Infinity ? "a core per process" : `${c.cores} shared cores`}, and its error; "before": the error of the model with tensorflow 2.1 mcts's costs for every workload`,
    "and a core per process (nats-server's CPU in the latency).", "",
    "| workload | setup | D | stacks/s | of embedded | of 1 worker | best score | model stacks/s | model error | error before |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  const errors: number[] = [];
  const signed = (e: number) => `${e >= 0 ? "+" : ""}${fmt(100 * e, 0)}%`;
  for (const r of runs) {
    const base = embedded(r.workload, r.inFlight);
    const one = oneAt(r.workload, r.inFlight);
    const model = r.workers > 0 ? predicted(c, r) : NaN;
    const error = r.workers > 0 ? (model - r.stacksPerSecond) / r.stacksPerSecond : NaN;
    if (r.workers > 0 && r.workload === runs[0].workload) errors.push(Math.abs(error));
    const before = r.workers > 0 ? (predictedBefore(c, r) - r.stacksPerSecond) / r.stacksPerSecond : NaN;
    lines.push(`| ${r.workload} | ${r.setup} | ${r.inFlight} | ${fmt(r.stacksPerSecond)} | ${base ? fmt(r.stacksPerSecond / base.stacksPerSecond, 2) : ""} | ${one && r.workers > 1 ? fmt(r.stacksPerSecond / one.stacksPerSecond, 2) : ""} | ${fmt(r.best, 4)} | ${r.workers > 0 ? fmt(model) : ""} | ${r.workers > 0 ? signed(error) : ""} | ${r.workers > 0 ? signed(before) : ""} |`);
  }
  const withCpu = runs.filter((r) => r.cpu !== undefined);
  if (withCpu.length > 0) {
    lines.push("", "CPU per process, from the first progress event to the answer (/proc/PID/stat; ms per 256 stacks, and the share of the wall time):", "",
      "| workload | setup | D | coordinator | workers | nats-server | all, cores busy |", "| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    for (const r of withCpu) {
      const x = r.cpu!;
      const per = (sec: number) => fmt(1000 * sec / (x.stacks / 256), 2);
      const total = x.coordinator + x.workers.reduce((a, b) => a + b, 0) + x.nats;
      lines.push(`| ${r.workload} | ${r.setup} | ${r.inFlight} | ${per(x.coordinator)} | ${x.workers.map(per).join(" + ")} | ${per(x.nats)} | ${per(total)}, ${fmt(total / x.wall, 2)} |`);
    }
  }
  const k = c.costs;
  lines.push("", "### (b) The protocol model", "",
    "Calibrated costs (seconds): " +
    `coordinator per batch ${k.coordinatorPerBatch.toExponential(2)}, per request ${k.coordinatorPerRequest.toExponential(2)}, per message ${k.coordinatorPerMessage.toExponential(2)}; ` +
    `worker per rollout ${k.workerPerRollout.toExponential(2)}, per message ${k.workerPerMessage.toExponential(2)}; NATS one-way latency ${k.latency.toExponential(2)}; ` +
    `${fmt(k.bytesPerRequest)} bytes per request, ${fmt(k.bytesPerResult)} per result; ${fmt(c.requestsPerBatch, 1)} requests per batch of 256 rollouts (${fmt(c.rolloutsPerRequest, 2)} rollouts per request); ${fmt(c.stacksPerRollout, 3)} stacks per rollout` +
    `; nats-server ${(k.natsPerByte ?? 0).toExponential(2)} CPU seconds per byte carried; ${c.cores === Infinity ? "a core per process" : `${c.cores} cores shared`}.`,
    "", "Per workload (each from its own embedded run; per-batch cost, latency, NATS and the worker's per-message cost shared):", "",
    "| workload | coordinator µs per request | worker µs per rollout | requests per batch | rollouts per request | stacks per rollout | bytes per request / result |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...[...c.workloads].map(([name, w]) => `| ${name} | ${fmt(1e6 * w.costs.coordinatorPerRequest, 1)} | ${fmt(1e6 * w.costs.workerPerRollout, 1)} | ${fmt(w.requestsPerBatch, 1)} | ${fmt(w.rolloutsPerRequest, 2)} | ${fmt(w.stacksPerRollout, 3)} | ${fmt(w.costs.bytesPerRequest)} / ${fmt(w.costs.bytesPerResult)} |`),
    "", c.cpuSource === "" ? "No CPU counters (a cluster not started here): nats-server costs nothing and every process has a core." : `nats-server's CPU per byte and the coordinator's messaging CPU per message from ${c.cpuSource}: that row is in sample for these two costs.`,
    "",
    c.messaging === "message trip"
      ? `Latency and per-message costs from the message trip below (tensorflow 2.1 mcts, ${trip?.batches ?? 0} batches, its own nats-server and traced worker service): every cluster row is out of sample for them. Largest model error on tensorflow 2.1 mcts cluster runs: ${errors.length > 0 ? fmt(100 * Math.max(...errors), 0) : "n/a"}%.`
      : `Latency backed out of the 1-worker D = 1 run (no message trip here): that row is in sample, the others are not. Largest model error on tensorflow 2.1 mcts cluster runs: ${errors.length > 0 ? fmt(100 * Math.max(...errors), 0) : "n/a"}%.`,
    "");
  if (trip !== null) lines.push("One batch's trip, medians (make message-trip for this alone):", "", ...tripTable(trip.rows), "");
  const tables = modelTables(c, stackTrace);
  lines.push(...tables.lines);
  const measuredSvg = lineChartSvg(
    runs.filter((r) => r.workload === runs[0].workload && r.trace.length > 1 && (r.workers === 0 || r.inFlight === ADVISE_DEFAULTS.inFlight || r.inFlight === 1))
      .map((r) => ({ name: `${r.setup}${r.workers > 0 ? ` D=${r.inFlight}` : ""}`, points: r.trace.filter(([t]) => t > 0).map(([t, s]) => [t, s] as const) })),
    { title: `${runs[0].workload}: best score against wall time (measured)`, xLabel: "seconds of search", yLabel: "best score", logX: true });
  return { markdown: `${lines.join("\n")}\n`, measuredSvg, modelSvg: tables.svg };
}

main().catch((e: unknown) => {
  process.stderr.write(`scaling experiment: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
