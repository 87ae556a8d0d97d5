/**
 * `node dist/test/scaling/rules-on-workers.js [--budget N] [--repeat R]`: the coordinator's time per
 * stack with state-dependent stack rules, before and after they travel to where rollouts run
 * (issue 14 item 3; docs/scaling.md "Scoring on the workers"), side by side in one run. Embedded
 * advises on the calling thread, through runAdviseJob as `maat advise --threads 1` runs them:
 *
 * - before: a runner without `judging`, so the search judges every returned stack itself
 *   (stackRulesRunner on the coordinator) and a request is one rollout;
 * - after: the in-process runner with `judging`: each rollout's stack is judged in the runner (as a
 *   worker does), at k = 1 and k = 8 leaf rollouts.
 *
 * Coordinator µs/stack = (search time − setup − runner time) / stacks, where setup is the time
 * from the search's start to its first batch (compiling the stack rules, making the predictor),
 * shown apart; the runner's time includes judging in the "after" rows. Median of R runs per row. Judged-here counts the stacks judged outside the
 * runner (before: every stack result; after: 0, the runner's rules are counted apart).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateAdviseRequest } from "../../core/advise/index.js";
import { createInProcessRunner, type PortableJudge, type RolloutRequest, type RolloutResult, type RolloutRunner } from "../../core/rollout/index.js";
import { runAdviseJob } from "../../services/compose/advise-job.js";
import { parseScores } from "../../adapters/scores-file/index.js";
import { sharedData } from "../support/shared-data.js";
import { FLASK_STACK_RULES, syntheticStackRules } from "../support/stack-rules-prescriptions.js";
import { randomScoresJson } from "./measured-runs.js";

interface Workload {
  readonly name: string;
  readonly index: string;
  readonly python: string;
  readonly requirement: string;
  readonly prescriptions: string | null;
  readonly scoresJson: string;
}

interface Row {
  readonly stacks: number;
  readonly deadEnds: number;
  readonly seconds: number;
  readonly runnerSeconds: number;
  readonly judgedInRunner: number;
  readonly predicates: number;
  readonly best: number;
  readonly report: string;
  readonly names: readonly string[];
  /** Seconds from the search's start to its first batch (compiling the stack rules, the predictor). */
  readonly setupSeconds: number;
}

async function advise(w: Workload, budget: number, k: number, travel: boolean): Promise<Row> {
  const store = join(mkdtempSync(join(tmpdir(), "maat-rules-bench-")), "knowledge.sqlite");
  const scores = w.scoresJson === "{}" ? null : parseScores(w.scoresJson, "random scores");
  if (scores !== null && !scores.ok) throw new Error(scores.error);
  const request = validateAdviseRequest({
    requirements: [w.requirement], indexes: [w.index], python: w.python, predictor: "mcts", budget, seed: 1, leafRollouts: k,
    ...(w.prescriptions === null ? {} : { prescriptionsPath: w.prescriptions }), ...(scores === null ? {} : { scores: { table: scores.table, source: "random scores" } }),
  }, { batchSize: 256, timeoutMs: null });
  if (!request.ok) throw new Error(`${request.error.field}: ${request.error.message}`);
  let runnerMs = 0;
  let judgedInRunner = 0;
  let predicates = 0;
  let names: readonly string[] = [];
  let searching = NaN;
  let firstBatch = NaN;
  const timed = (runSync: (batch: readonly RolloutRequest[]) => RolloutResult[]) => (batch: readonly RolloutRequest[]) => {
    const t0 = performance.now();
    if (Number.isNaN(firstBatch)) firstBatch = t0;
    const results = runSync(batch);
    runnerMs += performance.now() - t0;
    return Promise.resolve(results);
  };
  const out = await runAdviseJob(request.value, {
    storePath: store, now: () => performance.now(),
    onPhase: (p) => { if (p.phase === "searching") searching = performance.now(); },
    openRunner: async (g) => {
      names = g.names;
      const inner = createInProcessRunner(g);
      const runner: RolloutRunner & { close(): void } = { run: timed(inner.runSync), close() {} };
      if (travel) {
        runner.judging = (rules: PortableJudge) => {
          predicates = (rules as unknown as { predicates: readonly unknown[] }).predicates.length;
          const counted = { ...rules, judgeStack: (pins: Int32Array, o: Parameters<PortableJudge["judgeStack"]>[1]) => { judgedInRunner++; rules.judgeStack(pins, o); } };
          return { run: timed(createInProcessRunner(g, counted).runSync) };
        };
      }
      return { ok: true, value: runner };
    },
  });
  if (!out.ok) throw new Error(`${w.name}: ${out.error.message}`);
  const stats = out.value.report.stats;
  return {
    stacks: stats.stacks_scored, deadEnds: stats.dead_ends, seconds: stats.elapsed_ms / 1000, runnerSeconds: runnerMs / 1000, judgedInRunner, predicates,
    best: out.value.report.products[0]?.score ?? NaN, report: JSON.stringify({ ...out.value.report, stats: { ...stats, elapsed_ms: 0, stacks_per_second: 0 } }), names,
    setupSeconds: (firstBatch - searching) / 1000,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const budget = argv.includes("--budget") ? Number(argv[argv.indexOf("--budget") + 1]) : 20_000;
  const repeat = argv.includes("--repeat") ? Number(argv[argv.indexOf("--repeat") + 1]) : 3;
  const tf = sharedData("pypi-graphs", "tf21-graph.json");
  const flask = sharedData("pypi-graphs", "flask-graph.json");
  if (tf === null || flask === null) { process.stdout.write("rules on workers: skipped, ../shared/data/pypi-graphs is absent\n"); return; }
  const dir = mkdtempSync(join(tmpdir(), "maat-rules-prescriptions-"));
  const folder = (name: string, yaml: string) => {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "rules.yaml"), yaml);
    return join(dir, name);
  };
  const flaskRules = folder("flask", FLASK_STACK_RULES);
  const tfBase = { index: tf, python: "3.7", requirement: "tensorflow==2.1.0" };
  // The closure (random scores and synthetic rules may name only packages in it).
  const tfClosure = new Set((await advise({ ...tfBase, name: "closure", prescriptions: null, scoresJson: "{}" }, 500, 1, false)).names);
  const flaskClosure = new Set((await advise({ name: "closure", index: flask, python: "3.8", requirement: "flask", prescriptions: flaskRules, scoresJson: "{}" }, 500, 1, false)).names);
  const workloads: Workload[] = [
    { ...tfBase, name: "tensorflow 2.1 mcts, 400 state steps + 40 strides", prescriptions: folder("tf21", syntheticStackRules(tf, tfClosure, 1, 400, 40)), scoresJson: randomScoresJson(tf, 1, tfClosure) },
    { name: "Flask mcts, 3 state steps + 1 stride", index: flask, python: "3.8", requirement: "flask", prescriptions: flaskRules, scoresJson: randomScoresJson(flask, 1, flaskClosure) },
  ];
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`budget ${budget}, batch 256, D = 1; median of ${repeat} runs per row, the rows of a workload interleaved after one warm-up each`);
  out(`| workload | where stacks are judged | k | stacks | dead ends | predicates | judged on the coordinator | setup ms | coordinator µs/stack | runner µs/stack | best score |`);
  out(`|---|---|---|---|---|---|---|---|---|---|---|`);
  for (const w of workloads) {
    const configs: [string, number, boolean][] = [["coordinator (before)", 1, false], ["runner (after)", 1, true], ["runner (after)", 8, true]];
    const rows: Row[][] = configs.map(() => []);
    for (const [, k, travel] of configs) await advise(w, budget, k, travel);
    for (let i = 0; i < repeat; i++) for (const [c, [, k, travel]] of configs.entries()) rows[c].push(await advise(w, budget, k, travel));
    configs.forEach(([where, k, travel], c) => {
      const r = rows[c][0];
      const coordinator = median(rows[c].map((x) => (1e6 * (x.seconds - x.setupSeconds - x.runnerSeconds)) / x.stacks));
      const setup = median(rows[c].map((x) => 1e3 * x.setupSeconds));
      const runner = median(rows[c].map((x) => (1e6 * x.runnerSeconds) / x.stacks));
      out(`| ${w.name} | ${where} | ${k} | ${r.stacks} | ${r.deadEnds} | ${travel ? r.predicates : "-"} | ${travel ? 0 : r.stacks} | ${setup.toFixed(0)} | ${coordinator.toFixed(2)} | ${runner.toFixed(2)} | ${r.best.toFixed(4)} |`);
    });
    out(`${w.name}: same report before and after at k = 1: ${rows[0][0].report === rows[1][0].report}`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
