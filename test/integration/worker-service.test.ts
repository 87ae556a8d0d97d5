/**
 * `maat worker` as a process (dist/services/maat.js) against a real nats-server with JetStream:
 * results equal to core's in-process runner on the same requests, an error result naming an unknown
 * graph hash, back-pressure (never more batches held than threads), ack-wait reminders on a batch
 * longer than the ack wait, SIGTERM finishing the batch in hand (exit 0), a second signal exiting at
 * once and the batch redelivered to the next worker, configuration errors (exit 2 naming the flag or
 * variable), a metrics endpoint promtool accepts, work across a nats-server restart. The stop
 * deadline runs in process (runWorker with a stand-in for the process's exit and signals).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  BATCH_STREAM, NatsConnection, AnswerFeed, WORKER_CONSUMER, createRolloutCodec, ensureClusterStreams, openGraphStore, publishMessage,
  type GraphStore, type TripPhase,
} from "../../adapters/nats/index.js";
import { buildGraph, serializeGraph, type CompiledGraph } from "../../core/graph/index.js";
import { UNIFORM, createInProcessRunner, outcomeOf, resultFromOutcome, type RolloutRequest, type RolloutResult } from "../../core/rollout/index.js";
import { WorkerService, parseWorkerConfig, runWorker, type WorkerProcess } from "../../services/worker/index.js";
import { NatsServer, freePort, natsServerBinary } from "../support/nats-server.js";
import { repoRoot } from "../support/shared-data.js";

const CLI = join(repoRoot, "dist", "services", "maat.js");
const missing = natsServerBinary() === null;
const promtool = spawnSync("promtool", ["--version"], { timeout: 5_000 }).status === 0;
const codec = createRolloutCodec();

type ResultMessage = Parameters<Parameters<typeof AnswerFeed.open>[3]["onAnswer"]>[0];

/** A `maat worker` child process; killed (by its pid) in afterEach if still running. */
class WorkerChild {
  stdout = "";
  stderr = "";
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.on("data", (d: Buffer) => { this.stdout += d.toString(); });
    child.stderr?.on("data", (d: Buffer) => { this.stderr += d.toString(); });
    this.exit = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running && this.child.pid !== undefined) process.kill(this.child.pid, signal);
  }

  /** Resolves once stdout matches `pattern`; throws with the output after `ms` or when the process exits first. */
  async ready(pattern: RegExp, ms = 20_000): Promise<void> {
    const until = Date.now() + ms;
    while (!pattern.test(this.stdout)) {
      if (!this.running) throw new Error(`worker exited before ${pattern}: ${this.stdout}${this.stderr}`);
      if (Date.now() > until) throw new Error(`worker not ready within ${ms} ms: ${this.stdout}${this.stderr}`);
      await sleep(25);
    }
  }

  /** The exit status, or an error (after SIGKILL) when it does not come within `ms`. */
  async exited(ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), ms); });
    const status = await Promise.race([this.exit, late]);
    clearTimeout(timer);
    if (status === null) {
      this.signal("SIGKILL");
      throw new Error(`worker did not exit within ${ms} ms: ${this.stderr}`);
    }
    return status;
  }
}

const children: WorkerChild[] = [];

/** Starts `node dist/services/maat.js worker ARGS` with only the MAAT_* variables given. */
function startWorker(args: readonly string[], env: Record<string, string> = {}): WorkerChild {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MAAT_")));
  const child = new WorkerChild(spawn(process.execPath, [CLI, "worker", ...args], { env: { ...clean, ...env }, stdio: ["ignore", "pipe", "pipe"] }));
  children.push(child);
  return child;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(25);
  }
}

/** Typed arrays as plain arrays, so results compare by value whatever array type the codec decodes to. */
function plain(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** Six packages with conflicts: rollouts give stacks, dead ends and (for bad prefixes) invalid results. */
function smallGraph(): CompiledGraph {
  const e = (target: string, allowed: string[]) => ({ target, allowed, spec: `${target} in ${allowed.join("|") || "nothing"}` });
  return buildGraph({
    root: [e("a", ["3", "2", "1"]), e("b", ["2", "1"])],
    packages: [
      { name: "a", versions: [
        { version: "3", score: 0.9, deps: [e("c", ["2"])] },
        { version: "2", score: 0.5, deps: [e("c", ["2", "1"]), e("d", ["1"])] },
        { version: "1", score: 0.1, deps: [] },
      ] },
      { name: "b", versions: [
        { version: "2", score: 0.7, deps: [e("c", ["1"])] },
        { version: "1", score: 0.2, deps: [e("d", ["2", "1"])] },
      ] },
      { name: "c", versions: [
        { version: "2", score: 0.4, deps: [e("e", ["1"])] },
        { version: "1", score: 0.3, deps: [e("e", [])] },
      ] },
      { name: "d", versions: [{ version: "2", score: 0.6, deps: [] }, { version: "1", score: 0.1, deps: [] }] },
      { name: "e", versions: [{ version: "1", score: 0.05, deps: [] }] },
    ],
  });
}

/**
 * A graph whose rollouts are slow and whose results are small: `fillers` packages nobody requires
 * (every pin scans past them) before a chain of ten that ends in a dead end.
 */
function slowGraph(fillers: number): CompiledGraph {
  const packages = [];
  for (let i = 0; i < fillers; i++) packages.push({ name: `f${i}`, versions: [{ version: "1", deps: [] }] });
  for (let i = 0; i < 10; i++) {
    const next = i < 9 ? { target: `a${i + 1}`, allowed: ["2", "1"], spec: `a${i + 1}` } : { target: "z", allowed: [], spec: "z>9" };
    packages.push({ name: `a${i}`, versions: [{ version: "2", deps: [next] }, { version: "1", deps: [next] }] });
  }
  packages.push({ name: "z", versions: [{ version: "1", deps: [] }] });
  return buildGraph({ root: [{ target: "a0", allowed: ["2", "1"], spec: "a0" }], packages });
}

function uniformRequests(n: number, firstId = 0): RolloutRequest[] {
  return Array.from({ length: n }, (_, i) => ({ id: firstId + i, prefix: new Int32Array(0), seed: 7919 * (firstId + i) + 1, policy: UNIFORM }));
}

async function metricsText(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5_000) });
  expect(res.status).toBe(200);
  return res.text();
}

function metricValue(text: string, name: string): number {
  const line = text.split("\n").find((l) => l.startsWith(name) && "{ ,".includes(l.charAt(name.length)));
  if (line === undefined) throw new Error(`no ${name} in the metrics`);
  return Number(line.slice(line.lastIndexOf(" ") + 1));
}

/** A process stand-in for runWorker: records lines and exit codes, lets the test send signals. */
function fakeProcess() {
  const io = { stdout: [] as string[], stderr: [] as string[], exits: [] as number[], signal: (_s: "SIGTERM" | "SIGINT") => {} };
  const proc: WorkerProcess = {
    stdout: (line) => void io.stdout.push(line),
    stderr: (line) => void io.stderr.push(line),
    exit: (code) => void io.exits.push(code),
    onSignal(handler) {
      io.signal = handler;
      return () => { io.signal = () => {}; };
    },
  };
  return { io, proc };
}

afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.running) {
      c.signal("SIGKILL");
      await c.exited(5_000).catch(() => undefined);
    }
  }
});

describe("maat worker: configuration errors", () => {
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npx tsc -b)`);
  });

  it("--threads 0 exits 2 naming the flag and the constraint", async () => {
    const w = startWorker(["--threads", "0", "--nats", "nats://127.0.0.1:1"]);
    expect(await w.exited(10_000)).toEqual({ code: 2, signal: null });
    expect(w.stderr).toContain('--threads: expected an integer from 1 to 1024, got "0"');
    expect(w.stdout).toBe("");
  });

  it("MAAT_THREADS=abc exits 2 naming the variable", async () => {
    const w = startWorker([], { MAAT_THREADS: "abc" });
    expect(await w.exited(10_000)).toEqual({ code: 2, signal: null });
    expect(w.stderr).toContain('MAAT_THREADS: expected an integer from 1 to 1024, got "abc"');
  });

  it("MAAT_ACK_WAIT_SECONDS and --metrics-listen are checked too", async () => {
    const a = startWorker([], { MAAT_ACK_WAIT_SECONDS: "-3" });
    const b = startWorker(["--metrics-listen", "localhost"]);
    expect((await a.exited(10_000)).code).toBe(2);
    expect((await b.exited(10_000)).code).toBe(2);
    expect(a.stderr).toContain("MAAT_ACK_WAIT_SECONDS: expected seconds");
    expect(b.stderr).toContain("--metrics-listen: expected HOST:PORT");
  });

  it("an unreachable NATS server exits 1 after the connect deadline, naming the URL", async () => {
    const port = await freePort();
    const w = startWorker(["--nats", `nats://127.0.0.1:${port}`, "--threads", "1"]);
    expect((await w.exited(30_000)).code).toBe(1);
    expect(w.stderr).toContain(`nats://127.0.0.1:${port}`);
    expect(w.stdout).toBe("");
  });
});

describe.skipIf(missing)("maat worker against a real nats-server", () => {
  let server: NatsServer;
  let conn: NatsConnection;
  let store: GraphStore;
  const small = smallGraph();
  const slow = slowGraph(150_000);

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npx tsc -b)`);
    server = await NatsServer.start();
    const c = await NatsConnection.connect({ servers: server.url, name: "worker-test", connectTimeoutMs: 5_000 });
    if (!c.ok) throw new Error(c.error.message);
    conn = c.value;
    const jsm = await conn.jetstreamManager();
    if (!jsm.ok) throw new Error(jsm.error.message);
    const ensured = await ensureClusterStreams(jsm.value, { ackWaitMs: 30_000 });
    if (!ensured.ok) throw new Error(ensured.error.message);
    const opened = await openGraphStore(conn.jetstream(), { deadlineMs: 20_000 });
    if (!opened.ok) throw new Error(opened.error.message);
    store = opened.value;
    for (const g of [small, slow]) {
      const put = await store.put(g.hash, serializeGraph(g));
      if (!put.ok) throw new Error(put.error.message);
    }
  });

  /** Sets the work queue consumer's ack wait, as `maat serve --ack-wait` does. */
  const setAckWait = async (ms: number) => {
    const jsm = await conn.jetstreamManager();
    if (!jsm.ok) throw new Error(jsm.error.message);
    const ensured = await ensureClusterStreams(jsm.value, { ackWaitMs: ms });
    if (!ensured.ok) throw new Error(ensured.error.message);
  };

  afterAll(async () => {
    await conn?.close();
    await server?.dispose();
  });

  /** Results of one advise, by batch id, as they arrive. */
  async function collect(adviseId: string): Promise<{ results: Map<number, ResultMessage>; stop(): Promise<void> }> {
    const results = new Map<number, ResultMessage>();
    const feed = await AnswerFeed.open(conn.jetstream(), codec, adviseId, { onAnswer: (r) => void results.set(r.messageId, r) }, { deadlineMs: 5_000 });
    if (!feed.ok) throw new Error(feed.error.message);
    return { results, stop: () => feed.value.stop() };
  }

  async function publish(adviseId: string, messageId: number, graphHash: string, requests: readonly RolloutRequest[]): Promise<void> {
    const sent = await publishMessage(conn.jetstream(), codec, { adviseId, messageId, batch: 0, graphHash, requests }, 10_000);
    if (!sent.ok) throw new Error(sent.error.message);
  }

  async function consumerInfo() {
    const jsm = await conn.jetstreamManager();
    if (!jsm.ok) throw new Error(jsm.error.message);
    return jsm.value.consumers.info(BATCH_STREAM, WORKER_CONSUMER);
  }

  it("answers batches with the in-process runner's results, counts stacks, dead ends and graph cache use, and serves metrics promtool accepts", async () => {
    const metricsPort = await freePort();
    const w = startWorker(["--nats", server.url, "--threads", "1", "--metrics-listen", `127.0.0.1:${metricsPort}`, "--id", "w-equal"]);
    await w.ready(/^maat worker w-equal: 1 threads, nats nats:\/\/127\.0\.0\.1:\d+$/m);
    const feed = await collect("equal");
    const [a, b, c, d] = [1, 2, 3, 4].map((p) => small.names.indexOf("abcd"[p - 1]));
    const batches: RolloutRequest[][] = [
      uniformRequests(50),
      [
        { id: 100, prefix: Int32Array.of(a, 0), seed: 5, policy: UNIFORM },
        { id: 101, prefix: Int32Array.of(a, 1, b, 1), seed: 6, policy: UNIFORM },
        { id: 102, prefix: Int32Array.of(d, 0), seed: 7, policy: UNIFORM },
        { id: 103, prefix: Int32Array.of(b, 0, c, 1), seed: 8, policy: UNIFORM },
      ],
      [
        { id: 200, prefix: new Int32Array(0), seed: 11, policy: { kind: "softmax", values: small.score, temperature: 0.05 } },
        { id: 201, prefix: new Int32Array(0), seed: 12, policy: { kind: "prefer", versions: Int32Array.from({ length: small.packageCount }, () => 0) } },
        { id: 202, prefix: Int32Array.of(a, 2), seed: 13, policy: { kind: "prefer", versions: Int32Array.from({ length: small.packageCount }, () => 1) } },
      ],
    ];
    for (const [i, requests] of batches.entries()) await publish("equal", i, small.hash, requests);
    await until("three results", 20_000, () => (feed.results.size === 3 ? true : undefined));
    await feed.stop();

    const runner = createInProcessRunner(small);
    const kinds = new Set<string>();
    for (const [i, requests] of batches.entries()) {
      const got = feed.results.get(i);
      expect(got?.error).toBeUndefined();
      expect(got?.workerId).toBe("w-equal");
      const expected = runner.runSync(requests);
      expect(got?.deliveries).toBe(1);
      expect(got?.outcomes.map((o) => o.id)).toEqual(expected.map((r) => r.id));
      // A reused kernel's running score drifts in the last bits: rewards agree to 1e-9; resultFromOutcome
      // (which also checks that) sums a stack's reward again from its path, on both sides.
      got?.outcomes.forEach((o, k) => expect(o.reward).toBeCloseTo(expected[k].reward, 9));
      expect(plain(got?.outcomes.map((o) => resultFromOutcome(small, o))))
        .toEqual(plain(expected.map((r) => resultFromOutcome(small, outcomeOf(r)))));
      for (const r of expected) kinds.add(r.kind);
    }
    expect([...kinds].sort()).toEqual(["dead-end", "invalid", "stack"]);

    const all: RolloutResult[] = batches.flatMap((requests) => runner.runSync(requests));
    const text = await metricsText(metricsPort);
    expect(metricValue(text, "maat_stacks_scored_total")).toBe(all.filter((r) => r.kind === "stack").length);
    expect(metricValue(text, "maat_dead_ends_total")).toBe(all.filter((r) => r.kind === "dead-end").length);
    expect(metricValue(text, "maat_graph_cache_misses_total")).toBe(1);
    expect(metricValue(text, "maat_graph_cache_hits_total")).toBe(2);
    expect(metricValue(text, "maat_batch_duration_seconds_count")).toBe(3);
    expect(metricValue(text, "maat_batches_in_flight")).toBe(0);
    expect(metricValue(text, "maat_redeliveries_total")).toBe(0);
    expect(text).toContain('role="worker"');
    expect(text).toContain("maat_process_cpu_seconds_total");
    if (promtool) {
      const r = spawnSync("promtool", ["check", "metrics"], { input: text, timeout: 10_000, encoding: "utf8" });
      expect(r.stderr + r.stdout).toBe("");
      expect(r.status).toBe(0);
    }

    w.signal("SIGTERM");
    expect(await w.exited(20_000)).toEqual({ code: 0, signal: null });
  });

  it("answers a batch whose graph is not stored with an error result naming the hash, and carries on", async () => {
    const metricsPort = await freePort();
    const w = startWorker(["--nats", server.url, "--threads", "1", "--id", "w-missing", "--metrics-listen", `127.0.0.1:${metricsPort}`]);
    await w.ready(/^maat worker w-missing: /m);
    const feed = await collect("missing");
    await publish("missing", 0, "00000000deadbeef", uniformRequests(3));
    await publish("missing", 1, small.hash, uniformRequests(3));
    await until("two results", 20_000, () => (feed.results.size === 2 ? true : undefined));
    await feed.stop();
    const failed = feed.results.get(0);
    expect(failed?.error?.code).toBe("unavailable");
    expect(failed?.error?.message).toContain("00000000deadbeef");
    expect(failed?.outcomes).toHaveLength(0);
    expect(feed.results.get(1)?.error).toBeUndefined();
    expect(feed.results.get(1)?.outcomes).toHaveLength(3);
    expect(w.stderr).toContain("00000000deadbeef");
    const text = await metricsText(metricsPort);
    expect(metricValue(text, "maat_graph_cache_misses_total")).toBe(2);
    expect(metricValue(text, "maat_graph_cache_hits_total")).toBe(0);
    // Answered, so acked (the ack follows the answer's PubAck): nothing left for another worker.
    await until("every message acked", 5_000, async () => ((await consumerInfo()).num_ack_pending === 0 ? true : undefined));
    w.signal("SIGINT");
    expect(await w.exited(20_000)).toEqual({ code: 0, signal: null });
  });

  it("answers a batch whose results would exceed the payload limit with an error result saying so", async () => {
    // Every rollout pins a chain of 300 packages: 600 results of ~600 bytes each, from a batch of a few KiB.
    const chain = buildGraph({
      root: [{ target: "c0", allowed: ["1"], spec: "c0" }],
      packages: Array.from({ length: 300 }, (_, i) => ({ name: `c${i}`, versions: [{ version: "1", score: 0.01,
        deps: i < 299 ? [{ target: `c${i + 1}`, allowed: ["1"], spec: `c${i + 1}` }] : [] }] })),
    });
    expect((await store.put(chain.hash, serializeGraph(chain))).ok).toBe(true);
    const w = startWorker(["--nats", server.url, "--threads", "1", "--id", "w-large"]);
    await w.ready(/^maat worker w-large: /m);
    const feed = await collect("large");
    await publish("large", 0, chain.hash, uniformRequests(600));
    await publish("large", 1, chain.hash, uniformRequests(10));
    await until("two results", 20_000, () => (feed.results.size === 2 ? true : undefined));
    await feed.stop();
    const failed = feed.results.get(0);
    expect(failed?.error?.code).toBe("invalid-payload");
    expect(failed?.error?.message).toMatch(/answer to message 0 is \d+ bytes, over the 262144-byte limit.*--chunk-size/);
    expect(failed?.outcomes).toHaveLength(0);
    expect(feed.results.get(1)?.outcomes).toHaveLength(10);
    await until("every message acked", 5_000, async () => ((await consumerInfo()).num_ack_pending === 0 ? true : undefined));
    w.signal("SIGTERM");
    expect(await w.exited(20_000)).toEqual({ code: 0, signal: null });
  });

  it("runs no more messages than threads, keeps one more ready, and renews the ack wait of messages running or ready longer than it without redelivery", async () => {
    await setAckWait(1_000); // as the coordinator does; the worker's own MAAT_ACK_WAIT_SECONDS does not override it
    const metricsPort = await freePort();
    const w = startWorker(["--nats", server.url, "--threads", "2", "--metrics-listen", `127.0.0.1:${metricsPort}`, "--id", "w-pressure"],
      { MAAT_ACK_WAIT_SECONDS: "60" });
    await w.ready(/^maat worker w-pressure: 2 threads/m);
    expect((await consumerInfo()).config.ack_wait).toBe(1_000_000_000);
    // Warm-up, one message per thread: the graph downloaded and decoded on both threads, which on a
    // loaded machine may hold the worker's event loop past the 1 s ack wait (counted apart below).
    const warm = await collect("pressure-warm");
    for (let i = 0; i < 2; i++) await publish("pressure-warm", i, slow.hash, uniformRequests(300, i * 300));
    await until("the warm-up answers", 60_000, () => (warm.results.size === 2 ? true : undefined));
    await warm.stop();
    const warmText = await metricsText(metricsPort);
    const redeliveredBefore = (await consumerInfo()).num_redelivered;
    const countedBefore = metricValue(warmText, "maat_redeliveries_total");

    const feed = await collect("pressure");
    for (let i = 0; i < 3; i++) await publish("pressure", i, slow.hash, uniformRequests(2000, i * 2000));
    const started = Date.now();
    let maxHeld = 0;
    let allHeldAt = NaN, firstAnswerAt = NaN;
    while (feed.results.size < 3) {
      const info = await consumerInfo();
      maxHeld = Math.max(maxHeld, info.num_ack_pending);
      if (info.num_ack_pending === 3 && Number.isNaN(allHeldAt)) allHeldAt = Date.now();
      if (feed.results.size > 0 && Number.isNaN(firstAnswerAt)) firstAnswerAt = Date.now();
      if (Date.now() - started > 60_000) throw new Error(`3 results not within 60 s: ${feed.results.size}\n${w.stderr}`);
      await sleep(50);
    }
    await feed.stop();
    // Two running (one per thread) and the third held ready for the first thread that frees up.
    expect(maxHeld).toBe(3);
    // The ready one waited longer than the ack wait (it was held before either run ended).
    expect(firstAnswerAt - allHeldAt, "the third message held ready longer than the ack wait").toBeGreaterThan(1_000);
    // Each batch ran longer than the 1 s ack wait (measured by the worker's histogram); none went to a second delivery.
    const text = await metricsText(metricsPort);
    expect(metricValue(text, 'maat_batch_duration_seconds_bucket{le="1.024"') - metricValue(warmText, 'maat_batch_duration_seconds_bucket{le="1.024"'),
      "batches shorter than the ack wait").toBe(0);
    expect(metricValue(text, "maat_redeliveries_total") - countedBefore, "redeliveries counted by the worker").toBe(0);
    expect((await consumerInfo()).num_redelivered - redeliveredBefore, "redeliveries by JetStream").toBe(0);
    for (const r of feed.results.values()) {
      expect(r.error).toBeUndefined();
      expect(r.outcomes).toHaveLength(2000);
      expect(r.outcomes.every((o) => o.kind === "dead-end")).toBe(true);
      expect(r.deliveries).toBe(1);
    }
    w.signal("SIGTERM");
    expect(await w.exited(20_000)).toEqual({ code: 0, signal: null });
  });

  it("on SIGTERM finishes the batch in hand, publishes its result, acks it and exits 0", async () => {
    const w = startWorker(["--nats", server.url, "--threads", "1", "--id", "w-term"]);
    await w.ready(/^maat worker w-term: /m);
    const feed = await collect("term");
    await publish("term", 0, slow.hash, uniformRequests(2000));
    await until("the batch in hand", 10_000, async () => ((await consumerInfo()).num_ack_pending === 1 ? true : undefined));
    w.signal("SIGTERM");
    expect(await w.exited(30_000)).toEqual({ code: 0, signal: null });
    await until("the result", 5_000, () => (feed.results.has(0) ? true : undefined));
    await feed.stop();
    expect(feed.results.get(0)?.error).toBeUndefined();
    expect(feed.results.get(0)?.outcomes).toHaveLength(2000);
    expect(w.stderr).toContain("SIGTERM: stopping; finishing 1 batches in hand");
    const info = await consumerInfo();
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_pending).toBe(0);
  });

  it("a second signal exits at once; the batch in hand is redelivered to the next worker, which counts it", async () => {
    const jsm = await conn.jetstreamManager();
    if (!jsm.ok) throw new Error(jsm.error.message);
    await setAckWait(2_000);
    const first = startWorker(["--nats", server.url, "--threads", "1", "--id", "w-first"]);
    await first.ready(/^maat worker w-first: /m);
    const feed = await collect("twice");
    await publish("twice", 0, slow.hash, uniformRequests(1500));
    await until("the batch in hand", 10_000, async () => ((await consumerInfo()).num_ack_pending === 1 ? true : undefined));
    const signalled = Date.now();
    first.signal("SIGTERM");
    await sleep(100);
    first.signal("SIGTERM");
    const firstExit = await first.exited(5_000);
    expect(firstExit, `the first worker's stderr: ${first.stderr}`).toEqual({ code: 143, signal: null });
    expect(Date.now() - signalled).toBeLessThan(1_500);
    expect(first.stderr).toContain("second SIGTERM: exiting now with 1 batches in hand");
    expect(feed.results.has(0)).toBe(false);

    const metricsPort = await freePort();
    const second = startWorker(["--nats", server.url, "--threads", "1", "--metrics-listen", `127.0.0.1:${metricsPort}`, "--id", "w-second"]);
    await second.ready(/^maat worker w-second: /m);
    await until("the redelivered batch's result", 30_000, () => (feed.results.has(0) ? true : undefined));
    await feed.stop();
    expect(feed.results.get(0)?.workerId).toBe("w-second");
    expect(feed.results.get(0)?.outcomes).toHaveLength(1500);
    expect(feed.results.get(0)?.deliveries).toBe(2);
    const text = await metricsText(metricsPort);
    expect(metricValue(text, "maat_redeliveries_total")).toBe(1);
    second.signal("SIGTERM");
    expect(await second.exited(20_000)).toEqual({ code: 0, signal: null });
  });

  it("keeps working across a nats-server restart (reconnects, pulls again)", async () => {
    const w = startWorker(["--nats", server.url, "--threads", "1", "--id", "w-restart"]);
    await w.ready(/^maat worker w-restart: /m);
    await server.restart();
    expect(await conn.waitConnected(15_000)).toBe(true);
    await until("the worker's reconnection", 15_000, () => (w.stderr.includes("reconnected") ? true : undefined));
    expect(w.stderr).toContain(`maat worker w-restart: NATS ${server.url}: disconnected, reconnecting`);
    const feed = await collect("restart");
    await publish("restart", 0, small.hash, uniformRequests(5));
    await until("the result after the restart", 20_000, () => (feed.results.has(0) ? true : undefined));
    await feed.stop();
    expect(feed.results.get(0)?.outcomes).toHaveLength(5);
    w.signal("SIGTERM");
    expect(await w.exited(20_000)).toEqual({ code: 0, signal: null });
  });

  describe("slots keep the next message ready (WorkerService in process, traced)", () => {
    interface Mark { readonly id: number; readonly phase: TripPhase; readonly at: number }

    const startService = async (id: string, threads: number) => {
      const parsed = parseWorkerConfig({ nats: server.url, threads: String(threads), id }, {}, { hostname: "h", pid: 1, availableParallelism: threads });
      if (!parsed.ok) throw new Error(parsed.error.message);
      const marks: Mark[] = [];
      const log: string[] = [];
      const started = await WorkerService.start(parsed.value, { log: (line) => void log.push(line), trace: (m, phase, at) => void marks.push({ id: m, phase, at }) });
      if (!started.ok) throw new Error(started.error.message);
      services.push(started.value);
      const at = (m: number, phase: TripPhase) => marks.find((x) => x.id === m && x.phase === phase)?.at ?? NaN;
      return { service: started.value, marks, log, at };
    };
    const services: WorkerService[] = [];
    afterEach(async () => {
      for (const s of services.splice(0)) await s.stop();
    });

    /** The most runs on the pool at once, from the trace (a run: its `graph` mark to its `ran` mark). */
    const mostAtOnce = (marks: readonly Mark[]) => {
      const edges = marks.filter((m) => m.phase === "graph" || m.phase === "ran").map((m) => [m.at, m.phase === "graph" ? 1 : -1] as const);
      edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      let now = 0, most = 0;
      for (const [, d] of edges) most = Math.max(most, (now += d));
      return most;
    };

    it("holds the second message while the first runs and starts it as soon as the thread is free, without another pull", async () => {
      await setAckWait(30_000);
      const { service, marks, at } = await startService("w-ready", 1);
      const feed = await collect("ready");
      await publish("ready", 0, slow.hash, uniformRequests(600));
      await publish("ready", 1, slow.hash, uniformRequests(600, 600));
      let sawReady = false;
      await until("both answers", 60_000, () => {
        if (service.inHand === 1 && service.ready === 1) sawReady = true;
        return feed.results.size === 2 ? true : undefined;
      });
      await feed.stop();
      expect(sawReady, "one running and one ready at once").toBe(true);
      // Message 1 was delivered before message 0's run ended, started only after it ended (one thread),
      // and no pull went out between the two: it was in hand already.
      expect(at(1, "delivered")).toBeLessThan(at(0, "ran"));
      expect(at(1, "started")).toBeGreaterThanOrEqual(at(0, "ran"));
      const pullsBetween = marks.filter((m) => m.phase === "fetching" && m.at > at(0, "ran") && m.at < at(1, "started"));
      expect(pullsBetween).toEqual([]);
      expect(mostAtOnce(marks)).toBe(1);
      for (const r of feed.results.values()) {
        expect(r.error).toBeUndefined();
        expect(r.outcomes).toHaveLength(600);
      }
    });

    it("holds at most one running, one ready and two being answered per thread, however many are queued", async () => {
      await setAckWait(30_000);
      const { service, marks } = await startService("w-bound", 1);
      const feed = await collect("bound");
      for (let i = 0; i < 10; i++) await publish("bound", i, slow.hash, uniformRequests(150, i * 150));
      let most = 0, mostPending = 0;
      await until("ten answers", 60_000, async () => {
        most = Math.max(most, service.inHand + service.ready);
        mostPending = Math.max(mostPending, (await consumerInfo()).num_ack_pending);
        return feed.results.size === 10 ? true : undefined;
      });
      await feed.stop();
      expect(most).toBeGreaterThanOrEqual(2);
      expect(most).toBeLessThanOrEqual(4);
      expect(mostPending).toBeLessThanOrEqual(4);
      expect(mostAtOnce(marks)).toBe(1);
      expect([...feed.results.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it("on stop releases the ready message at once (another worker takes it) and finishes the running one", async () => {
      await setAckWait(30_000);
      const first = await startService("w-release", 1);
      const feed = await collect("release");
      await publish("release", 0, slow.hash, uniformRequests(2000));
      await publish("release", 1, slow.hash, uniformRequests(10, 2000));
      await until("one running, one ready", 20_000, () => (first.service.inHand === 1 && first.service.ready === 1 ? true : undefined));
      // A second worker waits on an empty queue; the first's stop gives it the ready message.
      const second = await startService("w-release-2", 1);
      expect(first.service.inHand === 1 && first.service.ready === 1, "still one running, one ready").toBe(true);
      await first.service.stop();
      await until("the released message's answer", 20_000, () => (feed.results.has(1) ? true : undefined));
      await feed.stop();
      expect(feed.results.get(0)?.outcomes).toHaveLength(2000);
      expect(feed.results.get(0)?.workerId).toBe("w-release");
      expect(first.at(1, "started"), "the first worker never started the ready message").toBeNaN();
      expect(feed.results.get(1)?.workerId).toBe("w-release-2");
      expect(feed.results.get(1)?.deliveries).toBe(2);
      // Released at once, not after the running message: the second worker had it before the first answered message 0.
      expect(second.at(1, "delivered")).toBeLessThan(first.at(0, "answer-encoded"));
      expect(first.log.some((l) => l.includes("internal error"))).toBe(false);
    });
  });

  describe("stop deadline (runWorker in process)", () => {
    const config = (id: string) => {
      const parsed = parseWorkerConfig({ nats: server.url, threads: "1", id }, {}, { hostname: "h", pid: 1, availableParallelism: 1 });
      if (!parsed.ok) throw new Error(parsed.error.message);
      return parsed.value;
    };

    it("stops with 0 when nothing is in hand", async () => {
      const { io, proc } = fakeProcess();
      const running = runWorker(config("idle"), proc, { stopDeadlineMs: 5_000 });
      await until("the ready line", 20_000, () => (io.stdout.length > 0 ? true : undefined));
      expect(io.stdout).toEqual([`maat worker idle: 1 threads, nats ${server.url}`]);
      io.signal("SIGINT");
      expect(await running).toBe(0);
      expect(io.exits).toEqual([]);
      expect(io.stderr).toContain("maat worker idle: SIGINT: stopping; finishing 0 batches in hand");
    });

    it("exits 1 with a message when the batch in hand outlasts the stop deadline", async () => {
      const { io, proc } = fakeProcess();
      const running = runWorker(config("late"), proc, { stopDeadlineMs: 200 });
      await until("the ready line", 20_000, () => (io.stdout.length > 0 ? true : undefined));
      const feed = await collect("late");
      await publish("late", 0, slow.hash, uniformRequests(1000));
      await until("the batch in hand", 10_000, async () => ((await consumerInfo()).num_ack_pending === 1 ? true : undefined));
      io.signal("SIGTERM");
      await until("the deadline exit", 5_000, () => (io.exits.length > 0 ? true : undefined));
      expect(io.exits).toEqual([1]);
      expect(feed.results.has(0)).toBe(false);
      expect(io.stderr).toContain("maat worker late: did not stop within 0.2 s (1 batches in hand); exiting");
      // A real process ends at exit(1); here the stop goes on and still answers the batch.
      expect(await running).toBe(0);
      await until("the late result", 20_000, () => (feed.results.has(0) ? true : undefined));
      await feed.stop();
    });
  });
});
