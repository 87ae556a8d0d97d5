/**
 * The NATS runner against the in-process runner: stacks per second of random-walk and td searches
 * through a real nats-server (JetStream work queue, result feed, graph store) served by an
 * in-process test worker loop, for chunk sizes 16..1024, on a random universe and, when ../shared
 * is present, the Flask universe. Reports figures, asserts nothing.
 *
 * `startTestWorker` is that worker loop (real createMessageFetcher, graph store, deserializeGraph and
 * runRequest; no thread pool): test/integration/nats-runner.test.ts uses it too.
 */
import { performance } from "node:perf_hooks";
import {
  NatsConnection, createMessageFetcher, createRolloutCodec, ensureClusterStreams, openGraphStore, openNatsRunner,
  type WorkerAnswer, type DeliveredMessage, type GraphStore, type RolloutAnswer,
} from "../../adapters/nats/index.js";
import { buildGraph, deserializeGraph, type CompiledGraph } from "../../core/graph/index.js";
import { type Predictor, createRandomWalk, createTd, runSearch } from "../../core/predictor/index.js";
import { randomUniverse } from "../../core/resolver/index.js";
import { type RolloutKernel, type RolloutRunner, createInProcessRunner, createRolloutKernel, runRequest } from "../../core/rollout/index.js";
import { flaskUniverse } from "../experiment/universes.js";
import { NatsServer, natsServerBinary } from "../support/nats-server.js";

type Batch = Extract<DeliveredMessage, { kind: "message" }>;

export interface TestWorkerOptions {
  readonly workerId: string;
  /** Batches fetched at once (default 4). */
  readonly slots?: number;
  /**
   * The answer to send for a batch whose results were computed: `results` (the default), a
   * changed answer, or "hold" to keep the batch without ever acking it (a dying worker).
   */
  readonly answer?: (batch: Batch, answer: WorkerAnswer) => WorkerAnswer | "hold";
  /** Called after an answer was published and the batch acked. */
  readonly answered?: (answer: RolloutAnswer) => void;
}

export interface TestWorker {
  /** Batches answered. */
  readonly handled: number;
  /** Fetch, graph or publish failures seen (the loop goes on). */
  readonly failures: readonly string[];
  /** Stops fetching and waits for the loop (at most one fetch wait, about 3 s). */
  stop(): Promise<void>;
}

/** A worker loop on `connection`: fetch up to `slots` batches, run their requests with runRequest on the stored graph, complete them. */
export function startTestWorker(connection: NatsConnection, options: TestWorkerOptions): TestWorker {
  const js = connection.jetstream();
  const fetcher = createMessageFetcher(js, createRolloutCodec());
  const kernels = new Map<string, RolloutKernel>();
  const failures: string[] = [];
  let store: GraphStore | null = null;
  let handled = 0;
  let stopped = false;

  const kernelFor = async (hash: string): Promise<RolloutKernel | string> => {
    const known = kernels.get(hash);
    if (known) return known;
    if (store === null) {
      const opened = await openGraphStore(js, { deadlineMs: 5_000 });
      if (!opened.ok) return opened.error.message;
      store = opened.value;
    }
    const got = await store.get(hash);
    if (!got.ok) return got.error.message;
    const graph = deserializeGraph(got.value, true);
    if (!graph.ok) return graph.error;
    const kernel = createRolloutKernel(graph.value);
    kernels.set(hash, kernel);
    return kernel;
  };
  const serve = async (d: Batch) => {
    const { adviseId, messageId, graphHash, requests } = d.message;
    const kernel = await kernelFor(graphHash);
    let answer: WorkerAnswer = typeof kernel === "string"
      ? { adviseId, messageId, workerId: options.workerId, results: [], error: { code: "internal", message: `graph ${graphHash}: ${kernel}` } }
      : { adviseId, messageId, workerId: options.workerId, results: requests.map((q) => runRequest(kernel, q)) };
    if (options.answer) {
      const changed = options.answer(d, answer);
      if (changed === "hold") return;
      answer = changed;
    }
    const done = await d.complete(answer, 5_000);
    if (!done.ok) { failures.push(done.error.message); return; }
    handled++;
    options.answered?.({ ...answer, deliveries: d.deliveryCount });
  };
  const loop = (async () => {
    while (!stopped) {
      const got = await fetcher.fetch(options.slots ?? 4, 1_000);
      if (!got.ok) {
        failures.push(got.error.message);
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      await Promise.all(got.value.map((d) => (d.kind === "message" ? serve(d) : void failures.push(d.error.message))));
    }
  })();
  return {
    get handled() { return handled; },
    failures,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

const fmt = (x: number, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

const predictors: Record<string, (g: CompiledGraph) => Predictor> = {
  "random-walk": () => createRandomWalk({ seed: 1 }),
  td: (g) => createTd(g, { seed: 1 }),
};

const BUDGET = 10_000;
const BATCH = 1_024;
const REPEATS = 3;

/** Stacks per second of a search of `budget` stacks in batches of BATCH on `runner`. */
async function rate(make: () => Predictor, runner: RolloutRunner, budget = BUDGET): Promise<number> {
  const t0 = performance.now();
  const r = await runSearch(make(), { budget, batchSize: BATCH, runner, maxRollouts: 50 * budget });
  return (r.stacks / (performance.now() - t0)) * 1000;
}

/** The median of REPEATS searches. */
async function medianRate(make: () => Predictor, runner: RolloutRunner): Promise<number> {
  const rates: number[] = [];
  for (let i = 0; i < REPEATS; i++) rates.push(await rate(make, runner));
  return rates.sort((a, b) => a - b)[Math.floor(REPEATS / 2)];
}

export async function bench(): Promise<string> {
  if (natsServerBinary() === null) return "## NATS runner\n\nskipped: nats-server not found (make setup)\n";
  const universes: [string, CompiledGraph][] = [
    ["random universe", buildGraph(randomUniverse(42, { packages: 300, versions: 8, edgeProbability: 0.01, maskDensity: 0.8, exclusionProbability: 0.02, extras: 5, rootRequirements: 10, nonEmptyMasks: true }))],
  ];
  const flask = await flaskUniverse();
  if (flask !== null) universes.push(["Flask 2020 (py3.6)", flask]);

  const server = await NatsServer.start();
  const c = await NatsConnection.connect({ servers: server.url, name: "bench-coordinator", connectTimeoutMs: 3_000 });
  const w = await NatsConnection.connect({ servers: server.url, name: "bench-worker", connectTimeoutMs: 3_000 });
  if (!c.ok || !w.ok) throw new Error("cannot connect to the bench nats-server");
  const lines = ["## NATS runner (rollouts through JetStream)", ""];
  try {
    const jsm = await c.value.jetstreamManager();
    if (!jsm.ok) throw new Error(jsm.error.message);
    const ensured = await ensureClusterStreams(jsm.value, { ackWaitMs: 30_000, storage: "file" });
    if (!ensured.ok) throw new Error(ensured.error.message);
    const worker = startTestWorker(w.value, { workerId: "bench", slots: 8 });
    lines.push(`Searches of ${fmt(BUDGET)} stacks in batches of ${fmt(BATCH)} requests (median of ${REPEATS}): random-walk (uniform rollouts) and td (one softmax over`,
      "every candidate's value, sent once per message). NATS: one coordinator and one worker loop in the same process (createMessageFetcher,",
      "8 slots, runRequest on one thread, no Piscina) on one loopback nats-server (JetStream file storage); a chunk is the requests per",
      "message. The NATS figures are the transport's cost on top of the kernel; a cluster adds workers, not speed per message.", "");
    lines.push("| universe | packages | candidates | predictor | runner | chunk | messages per search | KiB per message | stacks/s | of in-process |",
      "| --- | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |");
    let n = 0;
    for (const [name, g] of universes) {
      for (const [pname, make] of Object.entries(predictors)) {
        const local = createInProcessRunner(g);
        await rate(() => make(g), local, 2_000); // warm-up
        const base = await medianRate(() => make(g), local);
        lines.push(`| ${name} | ${g.packageCount - 1} | ${g.candidateCount} | ${pname} | in-process | - | - | - | ${fmt(base)} | 1.00 |`);
        for (const chunk of [16, 64, 256, 1_024]) {
          const opened = await openNatsRunner({ connection: c.value, adviseId: `bench-${n++}`, graph: g, messageSize: chunk, deadline: Date.now() + 600_000, now: Date.now });
          if (!opened.ok) throw new Error(opened.error.message);
          await rate(() => make(g), opened.value, 2_000); // warm-up (the worker fetches the graph)
          const before = opened.value.stats();
          const perSecond = await medianRate(() => make(g), opened.value);
          const s = opened.value.stats();
          await opened.value.close();
          const messages = s.messages - before.messages;
          lines.push(`| ${name} | ${g.packageCount - 1} | ${g.candidateCount} | ${pname} | NATS | ${chunk} | ${fmt(messages / REPEATS)} | ${fmt((s.bytes - before.bytes) / messages / 1024, 1)} | ${fmt(perSecond)} | ${fmt(perSecond / base, 2)} |`);
        }
      }
    }
    await worker.stop();
    if (worker.failures.length > 0) lines.push("", `worker failures: ${worker.failures.slice(0, 3).join("; ")}`);
  } finally {
    await c.value.close();
    await w.value.close();
    await server.dispose();
  }
  lines.push("");
  return lines.join("\n");
}
