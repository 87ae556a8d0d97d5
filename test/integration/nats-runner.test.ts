/**
 * The distributed RolloutRunner against a real nats-server, served by test worker loops built from
 * the real parts (createMessageFetcher, the graph store, deserializeGraph, core's runRequest): whole
 * searches give the in-process runner's reports; two workers share the work; a batch held by a
 * dying worker is redelivered; duplicates and error answers; no worker, an unreachable server, a
 * server restart in the middle of a run; close() during a run.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  BATCH_STREAM, NatsConnection, createMessageFetcher, createRolloutCodec, ensureClusterStreams, openNatsRunner, resultSubject,
  type NatsRunner, type NatsRunnerOptions,
} from "../../adapters/nats/index.js";
import { buildGraph, type CompiledGraph } from "../../core/graph/index.js";
import { type Predictor, type SearchReport, createHillClimbing, createMcts, createRandomWalk, createTd, runSearch } from "../../core/predictor/index.js";
import { randomUniverse } from "../../core/resolver/index.js";
import { RunnerFailure, type RolloutRunner, createInProcessRunner } from "../../core/rollout/index.js";
import { startTestWorker, type TestWorker } from "../bench/nats-runner.js";
import { NatsServer, natsServerBinary } from "../support/nats-server.js";

const missing = natsServerBinary() === null;
const ACK_WAIT_MS = 1_500;
const codec = createRolloutCodec();

/** Universes with stacks and dead ends: seeds 3, 7, 9, 10 and 11 have both. */
const universe = (seed: number) => buildGraph(randomUniverse(seed, {
  packages: 14, versions: 5, edgeProbability: 0.2, maskDensity: 0.8, exclusionProbability: 0.05, extras: 2, rootRequirements: 4, nonEmptyMasks: true, cycles: seed % 2 === 0,
}));

const predictors: Record<string, (g: CompiledGraph) => Predictor> = {
  td: (g) => createTd(g, { seed: 7, horizon: 300 }),
  mcts: (g) => createMcts(g, { seed: 7 }),
  "hill-climbing": (g) => createHillClimbing(g, { seed: 7, patience: 40 }),
};

const search = (make: (g: CompiledGraph) => Predictor, g: CompiledGraph, runner: RolloutRunner, budget = 300): Promise<SearchReport> =>
  runSearch(make(g), { budget, batchSize: 24, runner });

/** Resolves once `check` holds, or fails the test after `ms`. */
async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(missing)("NATS runner (real nats-server, test worker loops)", () => {
  let server: NatsServer;
  let conn: NatsConnection;
  let workerConn: NatsConnection;
  let advise = 0;
  const runners: NatsRunner[] = [];
  const workers: TestWorker[] = [];

  const connect = async (name: string) => {
    const c = await NatsConnection.connect({ servers: server.url, name, connectTimeoutMs: 3_000, reconnectWaitMs: 100, apiTimeoutMs: 2_000 });
    if (!c.ok) throw new Error(c.error.message);
    return c.value;
  };
  const open = async (graph: CompiledGraph, extra: Partial<NatsRunnerOptions> = {}): Promise<NatsRunner> => {
    const opened = await openNatsRunner({ connection: conn, adviseId: `advise-${advise++}`, graph, messageSize: 5, deadline: Date.now() + 60_000, now: Date.now, ...extra });
    if (!opened.ok) throw new Error(opened.error.message);
    runners.push(opened.value);
    return opened.value;
  };
  const worker = (id: string, options: Omit<Parameters<typeof startTestWorker>[1], "workerId"> = {}) => {
    const w = startTestWorker(workerConn, { workerId: id, ...options });
    workers.push(w);
    return w;
  };
  const stopWorkers = async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  };
  const queued = async (adviseId: string): Promise<number> => {
    const jsm = await conn.jetstreamManager();
    if (!jsm.ok) throw new Error(jsm.error.message);
    const info = await jsm.value.streams.info(BATCH_STREAM, { subjects_filter: `maat.batches.${adviseId}` });
    return info.state.subjects?.[`maat.batches.${adviseId}`] ?? 0;
  };

  beforeAll(async () => {
    server = await NatsServer.start();
    conn = await connect("coordinator");
    workerConn = await connect("workers");
    const jsm = await conn.jetstreamManager();
    if (!jsm.ok) throw new Error(jsm.error.message);
    // File storage: the streams and the graph store survive the restart test.
    const ensured = await ensureClusterStreams(jsm.value, { ackWaitMs: ACK_WAIT_MS, maxDeliver: 20, storage: "file" });
    if (!ensured.ok) throw new Error(ensured.error.message);
  });

  afterEach(async () => {
    await stopWorkers();
    await Promise.all(runners.splice(0).map((r) => r.close()));
  });

  afterAll(async () => {
    await conn?.close();
    await workerConn?.close();
    await server?.dispose();
  });

  it("td, mcts and hill-climbing searches through NATS give the in-process reports on random universes", async () => {
    worker("w1");
    let deadEnds = 0;
    for (const seed of [3, 7, 10]) {
      const g = universe(seed);
      for (const [name, make] of Object.entries(predictors)) {
        const runner = await open(g);
        const remote = await search(make, g, runner);
        const local = await search(make, g, createInProcessRunner(g));
        expect(remote, `${name} on universe ${seed}`).toEqual(local);
        expect(local.stacks).toBeGreaterThan(0);
        deadEnds += local.deadEnds;
        const s = runner.stats();
        expect(s.graphWritten).toBe(name === "td"); // stored by the first runner on this graph, found by the others
        expect(s.messages).toBe(s.answered);
        expect(s.requests).toBe(local.stacks + local.deadEnds + local.invalid);
        expect(s.messages).toBeGreaterThanOrEqual(Math.ceil(s.requests / 5));
        await runner.close();
      }
    }
    expect(deadEnds).toBeGreaterThan(0);
  });

  it("two worker loops share one run; the results are the in-process ones in request order", async () => {
    const g = universe(9);
    const a = worker("a", { slots: 2 });
    const b = worker("b", { slots: 2 });
    const runner = await open(g, { messageSize: 2 });
    const requests = createRandomWalk({ seed: 4 }).planBatch(400);
    const results = await runner.run(requests);
    expect(results).toEqual(createInProcessRunner(g).runSync(requests));
    // A worker counts a batch once its ack is confirmed, which may come after the run resolved. With
    // the test's 1.5 s ack wait a loaded machine may see a batch redelivered and answered twice (the
    // runner ignores the duplicate, and the results above are still exact): at least every batch once.
    await until(() => a.handled + b.handled >= 200, 10_000, "200 batches acked");
    expect(a.handled).toBeGreaterThan(0);
    expect(b.handled).toBeGreaterThan(0);
    expect(runner.stats()).toMatchObject({ answered: 200, invalid: 0, stale: 0 });
    console.log(`two workers: a answered ${a.handled} batches, b ${b.handled}; ${runner.stats().echoes} echoes, ${runner.stats().duplicates} duplicates`);
  });

  it("splits a run so that each answer fits in one message too (every rollout pins all 300 packages of a chain)", async () => {
    const n = 300;
    const name = (i: number) => `p${i}`;
    const g = buildGraph({
      root: [{ target: name(0), allowed: ["2.0", "1.0"], spec: name(0) }],
      packages: Array.from({ length: n }, (_, i) => ({ name: name(i), versions: ["2.0", "1.0"].map((version) => ({
        version, score: i % 7, deps: i + 1 < n ? [{ target: name(i + 1), allowed: ["2.0", "1.0"], spec: name(i + 1) }] : [],
      })) })),
    });
    worker("chain", { slots: 2 });
    const runner = await open(g, { messageSize: 1_024 });
    const requests = createRandomWalk({ seed: 6 }).planBatch(1_024);
    const results = await runner.run(requests);
    expect(results).toEqual(createInProcessRunner(g).runSync(requests));
    expect(results.every((r) => r.kind === "stack" && r.path.length === n + 1)).toBe(true);
    const s = runner.stats();
    expect(s.requestsPerMessage).toBeLessThan(1_024);
    expect(s.messages).toBe(Math.ceil(1_024 / s.requestsPerMessage));
  });

  it("a batch held by a dying worker is redelivered to another after the ack wait; duplicate answers are ignored", async () => {
    const g = universe(9);
    const runner = await open(g, { messageSize: 4 });
    const requests = createTd(g, { seed: 2 }).planBatch(40);
    const pending = runner.run(requests);
    await until(() => runner.stats().messages === 10, 5_000, "10 batches published");
    const dying = await createMessageFetcher(workerConn.jetstream(), codec).fetch(3, 1_000);
    if (!dying.ok) throw new Error(dying.error.message);
    expect(dying.value).toHaveLength(3); // fetched, never acked
    // Every answer is published a second time without a message id, so JetStream stores both.
    let republished = 0;
    worker("rescuer", { answered: (answer) => {
      workerConn.nc.publish(resultSubject(answer.adviseId), codec.encodeAnswer(answer));
      republished++;
    } });
    const t0 = Date.now();
    const results = await pending;
    expect(results).toEqual(createInProcessRunner(g).runSync(requests));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(ACK_WAIT_MS - 500);
    await until(() => republished === 10, 5_000, "every answer republished");
    await until(() => runner.stats().duplicates === 10, 5_000, "every republished answer seen as a duplicate");
    expect(runner.stats()).toMatchObject({ messages: 10, answered: 10, redelivered: 3, duplicates: 10 });
  });

  it("an error answer rejects the run with its code and message", async () => {
    const g = universe(11);
    worker("failing", { answer: (d, answer) => (d.message.messageId === 2 ? { ...answer, results: [], error: { code: "rollout-failed", message: "kernel gave up on batch 2" } } : answer) });
    const runner = await open(g, { messageSize: 3 });
    const run = runner.run(createRandomWalk({ seed: 1 }).planBatch(12));
    await expect(run).rejects.toBeInstanceOf(RunnerFailure);
    await expect(run).rejects.toMatchObject({ code: "rollout-failed", message: "kernel gave up on batch 2" });
  });

  it("with no worker, run rejects with deadline-exceeded within a second of the deadline, and close() purges the queue", async () => {
    const g = universe(10);
    const runner = await open(g, { deadline: Date.now() + 1_500 });
    const t0 = Date.now();
    const failure = await runner.run(createRandomWalk({ seed: 1 }).planBatch(12)).then(() => null, (e: unknown) => e);
    const elapsed = Date.now() - t0;
    expect(failure).toBeInstanceOf(RunnerFailure);
    expect(failure).toMatchObject({ code: "deadline-exceeded" });
    expect((failure as Error).message).toMatch(/3 of 3 messages unanswered at the deadline/);
    expect(elapsed).toBeGreaterThanOrEqual(1_400);
    expect(elapsed).toBeLessThan(2_500);
    await expect(runner.run(createRandomWalk({ seed: 2 }).planBatch(1))).rejects.toMatchObject({ code: "deadline-exceeded" });
    const adviseId = `advise-${advise - 1}`;
    expect(await queued(adviseId)).toBe(3);
    await runner.close();
    expect(await queued(adviseId)).toBe(0);
    expect(runner.stats().purgedMessages).toBe(3);
  });

  it("close() during a run rejects it with cancelled and leaves no batch of the advise in the work queue", async () => {
    const g = universe(7);
    const runner = await open(g, { messageSize: 4 });
    const adviseId = `advise-${advise - 1}`;
    const run = runner.run(createTd(g, { seed: 3 }).planBatch(64)).then(() => null, (e: unknown) => e);
    await until(() => runner.stats().messages === 16, 5_000, "16 batches published");
    expect(await queued(adviseId)).toBe(16);
    const t0 = Date.now();
    await runner.close();
    expect(await run).toBeInstanceOf(RunnerFailure);
    expect(await run).toMatchObject({ code: "cancelled", message: expect.stringContaining("16 messages of batch 0 unanswered") });
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(await queued(adviseId)).toBe(0);
    expect(runner.stats().purgedMessages).toBe(16);
    await expect(runner.run(createTd(g, { seed: 3 }).planBatch(1))).rejects.toMatchObject({ code: "cancelled" });
  });

  it("an unreachable server at the deadline is unavailable, naming it; a run survives a nats-server restart in its middle", async () => {
    const g = universe(9);
    worker("steady");
    const deadline = Date.now() + 4_000;
    const short = await open(g, { deadline });
    await server.stop();
    await until(() => conn.state === "disconnected", 3_000, "the coordinator sees the server gone");
    const where = `127.0.0.1:${server.port}`;
    const unreachable = await openNatsRunner({ connection: conn, adviseId: "unreachable", graph: g, deadline: Date.now() + 1_000, now: Date.now });
    expect(!unreachable.ok && unreachable.error).toMatchObject({ code: "unavailable", message: expect.stringContaining(where) });
    const failure = await short.run(createRandomWalk({ seed: 1 }).planBatch(6)).then(() => null, (e: unknown) => e);
    const late = Date.now() - deadline;
    expect(failure).toBeInstanceOf(RunnerFailure);
    expect(failure).toMatchObject({ code: "unavailable", message: expect.stringContaining(where) });
    expect(late).toBeGreaterThanOrEqual(-50);
    expect(late).toBeLessThan(1_000);
    await server.restart();
    expect(await conn.waitConnected(5_000)).toBe(true);
    await short.close();

    // Restart in the middle of a run of a search (runs of 10 messages: the 45th answer is halfway
    // through the fifth): the report is the in-process one.
    let answered = 0;
    let answeredBefore = 0;
    let restarted: Promise<void> | null = null;
    const runner = await open(g, { messageSize: 3, events: { answered: () => {
      if (++answered !== 45) return;
      answeredBefore = answered;
      restarted = server.restart();
    } } });
    const report = await runSearch(createTd(g, { seed: 5, horizon: 300 }), { budget: 600, batchSize: 30, runner });
    expect(restarted).not.toBeNull();
    await restarted;
    expect(report).toEqual(await runSearch(createTd(g, { seed: 5, horizon: 300 }), { budget: 600, batchSize: 30, runner: createInProcessRunner(g) }));
    expect(conn.reconnects).toBeGreaterThanOrEqual(2);
    const s = runner.stats();
    expect(s.answered).toBeGreaterThan(answeredBefore);
    console.log(`unreachable: run rejected ${late} ms after the deadline; restart: ${answeredBefore} batches answered before it, ${s.answered} in all; ${s.publishRetries} publish retries, ${s.redelivered} redelivered, ${s.duplicates} duplicates`);
  });
});

if (missing) console.log("skipped: nats-server not found: install the Debian package nats-server (make setup)");
