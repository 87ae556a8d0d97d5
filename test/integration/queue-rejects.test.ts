/**
 * Issue 15 item 6, a clean queue: a message on `maat.batches.>` that a worker rejects (bytes that do
 * not decode, another message type, a message of another payload version, an empty payload, a message
 * naming no graph or another advise than its subject) leaves MAAT_BATCHES at once, is counted in
 * `maat_messages_rejected_total{reason}` and logged once; the coordinator's `maat_queue_depth` falls
 * back to 0 and a good message published after them is still answered. Real nats-server (JetStream),
 * the worker service in process (its log lines are the test's), the coordinator's queue depth poller.
 */
import { headers } from "nats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClusterMetrics } from "../../adapters/metrics/index.js";
import {
  BATCH_PAYLOAD_HEADER, BATCH_STREAM, AnswerFeed, NatsConnection, createRolloutCodec, ensureClusterStreams, openGraphStore, publishMessage,
} from "../../adapters/nats/index.js";
import { buildGraph, serializeGraph } from "../../core/graph/index.js";
import { UNIFORM } from "../../core/rollout/index.js";
import { pollQueueDepth } from "../../services/coordinator/queue-depth-poller.js";
import { parseWorkerConfig, WorkerService } from "../../services/worker/index.js";
import { NatsServer, natsServerBinary } from "../support/nats-server.js";

const missing = natsServerBinary() === null;
const codec = createRolloutCodec();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(25);
  }
}

describe.skipIf(missing)("a worker rejects malformed messages: removed from the queue, counted, logged once", () => {
  let server: NatsServer;
  let conn: NatsConnection;

  beforeAll(async () => {
    server = await NatsServer.start();
    const c = await NatsConnection.connect({ servers: server.url, name: "rejects-test", connectTimeoutMs: 5_000 });
    if (!c.ok) throw new Error(c.error.message);
    conn = c.value;
    const jsm = await conn.jetstreamManager();
    if (!jsm.ok) throw new Error(jsm.error.message);
    // A long ack wait: a message left unacked would stay in the stream for the whole test.
    const ensured = await ensureClusterStreams(jsm.value, { ackWaitMs: 60_000 });
    if (!ensured.ok) throw new Error(ensured.error.message);
  });

  afterAll(async () => {
    await conn?.close();
    await server?.dispose();
  });

  it("undecodable, wrong type, wrong version, empty and inconsistent messages leave MAAT_BATCHES; depth falls to 0; a good message still runs", async () => {
    const js = conn.jetstream();
    const jsm = await conn.jetstreamManager();
    if (!jsm.ok) throw new Error(jsm.error.message);
    const graph = buildGraph({ root: [{ target: "a", allowed: ["1"], spec: "a" }], packages: [{ name: "a", versions: [{ version: "1", score: 0.5, deps: [] }] }] });
    const store = await openGraphStore(js, { deadlineMs: 10_000 });
    if (!store.ok) throw new Error(store.error.message);
    expect((await store.value.put(graph.hash, serializeGraph(graph))).ok).toBe(true);

    const good = { adviseId: "good", messageId: 0, batch: 0, graphHash: graph.hash, requests: [{ id: 1, prefix: new Int32Array(0), seed: 3, policy: UNIFORM }] };
    const result = codec.encodeAnswer({ adviseId: "x", messageId: 4, workerId: "w", results: [{ kind: "invalid", id: 1, reward: 0, path: Int32Array.of(1, 2, 3) }] });
    const v2 = headers();
    v2.set(BATCH_PAYLOAD_HEADER, "maat.v2.RolloutBatch");
    // The subjects name the case; each message is published straight to the stream, as a foreign or buggy client would.
    const bad: [string, Uint8Array, ReturnType<typeof headers>?][] = [
      ["garbage", Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x0f, 0x01)],
      ["result", result],
      ["version", codec.encodeMessage({ ...good, adviseId: "version" }), v2],
      ["empty", new Uint8Array(0)],
      ["nograph", codec.encodeMessage({ ...good, adviseId: "nograph", graphHash: "" })],
      ["other", codec.encodeMessage({ ...good, adviseId: "someone-else" })],
      ["norequests", codec.encodeMessage({ ...good, adviseId: "norequests", requests: [] })],
    ];
    for (const [subject, bytes, h] of bad) await js.publish(`maat.batches.${subject}`, bytes, h === undefined ? {} : { headers: h });
    expect((await jsm.value.streams.info(BATCH_STREAM)).state.messages).toBe(bad.length);

    const metrics = createClusterMetrics({ role: "coordinator" });
    const poller = pollQueueDepth(conn, metrics, 200);
    const depth = async () => (await metrics.queueDepth.get()).values[0]?.value;
    await until("queue depth seen", 5_000, async () => ((await depth()) === bad.length ? true : undefined));

    const lines: string[] = [];
    const config = parseWorkerConfig({ nats: server.url, threads: "2", id: "w-rejects" }, {}, { hostname: "h", pid: 1, availableParallelism: 2 });
    if (!config.ok) throw new Error(config.error.message);
    const started = await WorkerService.start(config.value, { log: (l) => void lines.push(l) });
    if (!started.ok) throw new Error(started.error.message);
    const worker = started.value;
    try {
      await until("MAAT_BATCHES empty", 10_000, async () => ((await jsm.value.streams.info(BATCH_STREAM)).state.messages === 0 ? true : undefined));
      await until("queue depth back to 0", 5_000, async () => ((await depth()) === 0 ? true : undefined));

      const rejected = await worker.metrics.messagesRejected.get();
      const byReason = Object.fromEntries(rejected.values.map((v) => [v.labels.reason, v.value]));
      expect(byReason).toEqual({ undecodable: 2, version: 1, empty: 1, inconsistent: 3 });
      // Logged once each, naming the subject and why; nothing crashed, nothing was answered for them.
      for (const [subject] of bad) expect(lines.filter((l) => l.includes(`maat.batches.${subject}`))).toHaveLength(1);
      expect(lines.find((l) => l.includes("maat.batches.version"))).toMatch(/maat\.v2\.RolloutBatch/);
      expect(lines.find((l) => l.includes("maat.batches.empty"))).toMatch(/empty payload/);

      // The worker still serves: a good message is answered.
      const answers: number[] = [];
      const feed = await AnswerFeed.open(js, codec, "good", { onAnswer: (r) => void answers.push(r.messageId) }, { deadlineMs: 5_000 });
      if (!feed.ok) throw new Error(feed.error.message);
      expect((await publishMessage(js, codec, good, 5_000)).ok).toBe(true);
      await until("the good message answered", 10_000, () => (answers.length === 1 ? true : undefined));
      await feed.value.stop();
      // Nothing came back later (no redelivery of a rejected message): still one line each.
      await sleep(500);
      for (const [subject] of bad) expect(lines.filter((l) => l.includes(`maat.batches.${subject}`))).toHaveLength(1);
    } finally {
      poller.stop();
      await worker.stop();
    }
  }, 60_000);
});

if (missing) console.log("skipped: nats-server not found: install the Debian package nats-server (make setup)");
