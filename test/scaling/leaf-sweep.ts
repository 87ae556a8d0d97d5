/**
 * `node dist/test/scaling/leaf-sweep.js [--budget N] [--cluster]`: leaf parallelism k = 1, 8, 32 side
 * by side in one run (docs/scaling.md): per workload, embedded on one thread (stacks/s, the
 * coordinator's and the runner's time per stack, the best score at equal stacks) and, with
 * --cluster, `maat serve --nats` with 1 and 2 `maat worker --threads 1` (stacks/s, best score).
 */
import { ADVISE_DEFAULTS } from "../../core/advise/index.js";
import { MaatProcess, maatEnv } from "../integration/coordinator-process.js";
import { NatsServer } from "../support/nats-server.js";
import { sharedData } from "../support/shared-data.js";
import { clusterRun, embeddedRun, randomScoresJson, setLeafRollouts, type Workload } from "./measured-runs.js";

const KS = [1, 8, 32];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const budget = argv.includes("--budget") ? Number(argv[argv.indexOf("--budget") + 1]) : 10_000;
  const cluster = argv.includes("--cluster");
  const tf = sharedData("pypi-graphs", "tf21-graph.json");
  const flask = sharedData("pypi-graphs", "flask-graph.json");
  if (tf === null || flask === null) { process.stdout.write("leaf sweep: skipped, ../shared/data/pypi-graphs is absent\n"); return; }
  const closure = async (index: string, python: string, requirement: string) =>
    new Set((await embeddedRun({ name: requirement, index, python, requirement, predictor: "mcts", scoresJson: "{}" }, 500, 1)).graph.names);
  const tfScores = randomScoresJson(tf, 1, await closure(tf, "3.7", "tensorflow==2.1.0"));
  const flaskScores = randomScoresJson(flask, 1, await closure(flask, "3.8", "flask"));
  const workloads: Workload[] = [
    { name: "tensorflow 2.1 mcts", index: tf, python: "3.7", requirement: "tensorflow==2.1.0", predictor: "mcts", scoresJson: tfScores },
    { name: "tensorflow 2.1 td", index: tf, python: "3.7", requirement: "tensorflow==2.1.0", predictor: "td", scoresJson: tfScores },
    { name: "Flask mcts", index: flask, python: "3.8", requirement: "flask", predictor: "mcts", scoresJson: flaskScores },
    { name: "Flask td", index: flask, python: "3.8", requirement: "flask", predictor: "td", scoresJson: flaskScores },
  ];
  const D = ADVISE_DEFAULTS.inFlight;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`| workload | k | setup | stacks/s | coordinator µs/stack | runner µs/stack | requests | best score |`);
  out(`|---|---|---|---|---|---|---|---|`);
  for (const w of workloads) {
    for (const k of KS) {
      setLeafRollouts(k);
      const e = await embeddedRun(w, budget, D);
      const s = e.run.stacks;
      out(`| ${w.name} | ${k} | embedded, 1 thread | ${e.run.stacksPerSecond.toFixed(0)} | ${(1e6 * e.costs.coordinatorSeconds / s).toFixed(1)} | ${(1e6 * e.costs.runnerSeconds / s).toFixed(1)} | ${e.costs.requests} | ${e.run.best.toFixed(4)} |`);
    }
  }
  if (!cluster) return;
  const env = maatEnv();
  const nats = await NatsServer.start();
  const workers: MaatProcess[] = [];
  try {
    for (const n of [1, 2]) {
      while (workers.length < n) {
        const id = `leaf-w${workers.length + 1}`;
        workers.push((await MaatProcess.start(["worker", "--nats", nats.url, "--threads", "1", "--id", id], env, new RegExp(`maat worker ${id}: `))).process);
      }
      for (const k of KS) {
        setLeafRollouts(k);
        const serve = await MaatProcess.start(["serve", "--nats", nats.url, "--listen", "127.0.0.1:0", "--chunk-size", String(Math.ceil(256 / n))], env,
          /maat serve: listening on (127\.0\.0\.1:\d+) \(nats /);
        try {
          for (const w of workloads.slice(0, 2)) {
            const r = await clusterRun(serve.match[1], w, budget, D, n);
            out(`| ${w.name} | ${k} | ${r.setup} | ${r.stacksPerSecond.toFixed(0)} | | | | ${r.best.toFixed(4)} |`);
          }
        } finally {
          await serve.process.stop();
        }
      }
    }
  } finally {
    await Promise.allSettled(workers.map((w) => w.stop()));
    await nats.dispose();
  }
}

main().catch((e) => { process.stderr.write(`leaf sweep: ${(e as Error).stack ?? e}\n`); process.exitCode = 1; });
