/**
 * Where a message's time on the rollout pool goes beyond the kernel's: `node
 * dist/test/scaling/pool-overhead.js [--leaf K] [--rounds N]` (`make pool-overhead`). Takes the
 * batches of a tensorflow 2.1 mcts advise (batch 256, random user scores, embedded), then, round
 * by round on the same batches and interleaved (so the machine's load weighs on each alike), times
 * on this thread: the kernel alone (runRequest on each request), the message on a one-thread
 * RolloutPool (RolloutPool#runMessage, the worker's call), the thread's hop alone (a one-request
 * message), and each conversion the pool makes (packRequests, unpackRequests, packResults,
 * unpackResults) and the worker's answer encoding (from RolloutResult objects, as handle-message
 * does). Prints medians per message with the load average. Measures; asserts nothing.
 */
import { mkdtempSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRolloutCodec } from "../../adapters/nats/index.js";
import { RolloutPool, shareGraph } from "../../adapters/piscina/index.js";
import { packRequests, unpackRequests } from "../../adapters/piscina/request-batch.js";
import { packResults, unpackResults } from "../../adapters/piscina/result-batch.js";
import type { CompiledGraph } from "../../core/graph/index.js";
import { createInProcessRunner, type RolloutRequest, type RolloutResult } from "../../core/rollout/index.js";
import { runAdviseJob } from "../../services/compose/advise-job.js";
import { sharedData } from "../support/shared-data.js";
import { embeddedRun, randomScoresJson, requestOf, setLeafRollouts, type Workload } from "./measured-runs.js";

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Every `every`-th batch of an embedded advise (after the first 10), with the graph. */
async function sampleBatches(w: Workload, budget: number, every: number): Promise<{ graph: CompiledGraph; batches: RolloutRequest[][] }> {
  const store = join(mkdtempSync(join(tmpdir(), "maat-pool-overhead-")), "knowledge.sqlite");
  const batches: RolloutRequest[][] = [];
  let graph: CompiledGraph | null = null;
  let n = 0;
  const out = await runAdviseJob(requestOf(w, budget, 1, 256), {
    storePath: store, now: () => performance.now(),
    openRunner: async (g) => {
      graph = g;
      const inner = createInProcessRunner(g);
      return {
        ok: true,
        value: {
          run(batch: readonly RolloutRequest[]): Promise<RolloutResult[]> {
            if (n++ >= 10 && n % every === 0) batches.push([...batch]);
            return Promise.resolve(inner.runSync(batch));
          },
          close() {},
        },
      };
    },
  });
  if (!out.ok) throw new Error(out.error.message);
  return { graph: graph!, batches };
}

async function main(): Promise<void> {
  let leaf = 8, rounds = 5;
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--leaf") leaf = Number(argv[++i]);
    else if (argv[i] === "--rounds") rounds = Number(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]} (--leaf K, --rounds N)`);
  }
  setLeafRollouts(leaf);
  const index = sharedData("pypi-graphs", "tf21-graph.json");
  if (index === null) { process.stdout.write("## Pool overhead\n\nskipped: ../shared/data/pypi-graphs is absent\n"); return; }
  const plain: Workload = { name: "tensorflow 2.1 mcts", index, python: "3.7", requirement: "tensorflow==2.1.0", predictor: "mcts", scoresJson: "{}" };
  const closure = new Set((await embeddedRun(plain, 500, 1)).graph.names);
  const w: Workload = { ...plain, scoresJson: randomScoresJson(index, 1, closure) };
  const { graph, batches } = await sampleBatches(w, 40_000, 4);
  const kernel = createInProcessRunner(graph);
  const pool = new RolloutPool({ threads: 1 });
  const shared = shareGraph(graph);
  const codec = createRolloutCodec();
  const one = [batches[0][0]];
  const load = loadavg().map((x) => x.toFixed(2)).join(", ");
  const times = new Map<string, number[]>();
  const time = <T>(what: string, f: () => T): T => {
    const t0 = performance.now();
    const out = f();
    let s = times.get(what);
    if (!s) times.set(what, (s = []));
    s.push(performance.now() - t0);
    return out;
  };
  const timeAsync = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await f();
    let s = times.get(what);
    if (!s) times.set(what, (s = []));
    s.push(performance.now() - t0);
    return out;
  };
  try {
    for (let i = 0; i < 20; i++) await pool.runMessage(shared, batches[i % batches.length]); // warm-up: the thread decodes the graph, JITs warm
    for (let r = 0; r < rounds; r++) {
      for (const batch of batches) {
        const results = time("kernel alone (runRequest per request, this thread)", () => kernel.runSync(batch));
        await timeAsync("message on a one-thread pool (runMessage)", () => pool.runMessage(shared, batch));
        await timeAsync("a one-request message on the pool (the hop)", () => pool.runMessage(shared, one));
        const packed = time("packRequests", () => packRequests(batch));
        time("unpackRequests (thread side)", () => unpackRequests(packed));
        const resultBatch = time("packResults (thread side)", () => packResults(results, graph.packageCount));
        const out: RolloutResult[] = new Array(batch.length);
        time("unpackResults (into RolloutResult objects)", () => unpackResults(resultBatch, out, 0));
        time("encode the answer from the objects", () => codec.encodeAnswer({ adviseId: "a", messageId: 1, workerId: "w", results: out, deliveries: 1 }));
      }
    }
  } finally {
    await pool.destroy();
  }
  const requests = median(batches.map((b) => b.length));
  const lines = [
    `## Pool overhead per message: tensorflow 2.1 mcts, k = ${leaf}, ${batches.length} batches of a 40,000-stack advise (median ${requests} requests) x ${rounds} rounds`,
    "",
    `Load average before ${load}, after ${loadavg().map((x) => x.toFixed(2)).join(", ")} (${new Date().toISOString().slice(0, 16)} UTC).`,
    "",
    "| step | median ms per message |",
    "| --- | ---: |",
    ...[...times].map(([what, xs]) => `| ${what} | ${median(xs).toFixed(3)} |`),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e: unknown) => {
    process.stderr.write(`pool-overhead: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
