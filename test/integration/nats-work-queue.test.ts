/**
 * The cluster transport against a real nats-server with JetStream: the batch work queue drained by
 * two pull consumers with slot limits (nothing lost, nothing duplicated), redelivery of a dead
 * worker's batches after the ack wait, and the compiled-graph object store with its cache.
 */
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BATCH_STREAM, NatsConnection, AnswerFeed, createMessageFetcher, createRolloutCodec, ensureClusterStreams, openGraphStore, publishAnswer, publishMessage,
  type WorkerAnswer, type DeliveredMessage, type RolloutMessage,
} from "../../adapters/nats/index.js";
import { UNIFORM } from "../../core/rollout/index.js";
import { NatsServer, natsServerBinary } from "../support/nats-server.js";

const missing = natsServerBinary() === null;
const ACK_WAIT_MS = 1_500;
const codec = createRolloutCodec();

/** A stand-in answer (the queue does not look inside): each request's prefix back as an invalid rollout. */
function resultOf(batch: RolloutMessage, workerId: string): WorkerAnswer {
  return { adviseId: batch.adviseId, messageId: batch.messageId, workerId,
    results: batch.requests.map((q) => ({ kind: "invalid" as const, id: q.id, reward: q.seed / 10, path: q.prefix })) };
}

function batchesFor(adviseId: string, n: number): RolloutMessage[] {
  return Array.from({ length: n }, (_, i) => ({ adviseId, messageId: i, batch: 0, graphHash: "h",
    requests: [{ id: 2 * i, prefix: Int32Array.of(0, i % 7), seed: i, policy: UNIFORM }, { id: 2 * i + 1, prefix: Int32Array.of(1, 2), seed: i + 1, policy: UNIFORM }] }));
}

describe.skipIf(missing)("NATS work queue, redelivery and graph store (real nats-server)", () => {
  let server: NatsServer;
  let conn: NatsConnection;

  beforeAll(async () => {
    server = await NatsServer.start();
    const c = await NatsConnection.connect({ servers: server.url, name: "test", connectTimeoutMs: 3_000 });
    if (!c.ok) throw new Error(c.error.message);
    conn = c.value;
    const jsm = await conn.jetstreamManager();
    if (!jsm.ok) throw new Error(jsm.error.message);
    const ensured = await ensureClusterStreams(jsm.value, { ackWaitMs: ACK_WAIT_MS, maxDeliver: 5, storage: "memory" });
    if (!ensured.ok) throw new Error(ensured.error.message);
    // A second call finds everything present.
    expect((await ensureClusterStreams(jsm.value, { ackWaitMs: ACK_WAIT_MS, storage: "memory" })).ok).toBe(true);
  });

  afterAll(async () => {
    await conn?.close();
    await server?.dispose();
  });

  it("an answer feed with a direct subscription takes each answer once: the stream's copy is an echo, dropped unread; one published before it opened still comes from the stream", async () => {
    const js = conn.jetstream();
    const answer = (messageId: number, deliveries: number, workerId = "w") => ({ ...resultOf(batchesFor("echo", messageId + 1)[messageId], workerId), deliveries });
    expect((await publishAnswer(js, codec, answer(0, 1), 5_000)).ok).toBe(true); // before the feed: the stream only
    const seen: string[] = [];
    const feed = await AnswerFeed.open(js, codec, "echo", { onAnswer: (r) => void seen.push(`${r.messageId}/${r.deliveries}`) }, { deadlineMs: 5_000, direct: conn.nc });
    if (!feed.ok) throw new Error(feed.error.message);
    expect((await publishAnswer(js, codec, answer(1, 1), 5_000)).ok).toBe(true); // both paths
    expect((await publishAnswer(js, codec, answer(1, 2, "slow"), 5_000)).ok).toBe(true); // a second delivery's answer: a duplicate
    const end = Date.now() + 5_000;
    while (feed.value.echoes < 2 || feed.value.duplicates < 1) {
      if (Date.now() > end) throw new Error(`echoes ${feed.value.echoes}, duplicates ${feed.value.duplicates}, seen ${seen.join(" ")}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 200));
    await feed.value.stop();
    expect(seen.sort()).toEqual(["0/1", "1/1"]); // in either order: the direct path may overtake the stream's backlog
    expect({ echoes: feed.value.echoes, duplicates: feed.value.duplicates }).toEqual({ echoes: 2, duplicates: 1 });
  });

  it("two pull consumers with 3 and 5 slots drain 100 batches: every result once, none lost", async () => {
    const js = conn.jetstream();
    const received = new Map<number, string>();
    let feedDone: () => void = () => {};
    const allIn = new Promise<void>((r) => { feedDone = r; });
    const feed = await AnswerFeed.open(js, codec, "wq", { onAnswer: (r) => {
      expect(r.outcomes.map((o) => o.id)).toEqual([2 * r.messageId, 2 * r.messageId + 1]);
      expect(r.deliveries).toBe(1);
      received.set(r.messageId, r.workerId);
      if (received.size === 100) feedDone();
    } }, { deadlineMs: 5_000 });
    if (!feed.ok) throw new Error(feed.error.message);
    for (const b of batchesFor("wq", 100)) expect((await publishMessage(js, codec, b, 5_000)).ok).toBe(true);

    const maxFetched: Record<string, number> = { w3: 0, w5: 0 };
    const handled: Record<string, number> = { w3: 0, w5: 0 };
    let stop = false;
    const worker = async (id: string, slots: number) => {
      const fetcher = createMessageFetcher(js, codec);
      while (!stop) {
        const got = await fetcher.fetch(slots, 1_000);
        if (!got.ok) throw new Error(got.error.message);
        maxFetched[id] = Math.max(maxFetched[id], got.value.length);
        await Promise.all(got.value.map(async (d: DeliveredMessage) => {
          if (d.kind !== "message") throw new Error(d.error.message);
          await new Promise((r) => setTimeout(r, 2));
          const done = await d.complete(resultOf(d.message, id), 5_000);
          if (!done.ok) throw new Error(done.error.message);
          handled[id]++;
        }));
      }
    };
    const deadline = setTimeout(() => feedDone(), 20_000);
    const workers = [worker("w3", 3), worker("w5", 5)];
    await allIn;
    clearTimeout(deadline);
    stop = true;
    await Promise.all(workers);
    await feed.value.stop();

    expect([...received.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(feed.value.duplicates).toBe(0);
    expect(handled.w3 + handled.w5).toBe(100);
    expect(handled.w3).toBeGreaterThan(0);
    expect(handled.w5).toBeGreaterThan(0);
    expect(maxFetched.w3).toBeLessThanOrEqual(3);
    expect(maxFetched.w5).toBeLessThanOrEqual(5);
    const jsm = await conn.jetstreamManager();
    if (!jsm.ok) throw new Error(jsm.error.message);
    expect((await jsm.value.streams.info(BATCH_STREAM)).state.messages).toBe(0); // acked work leaves the queue
    console.log(`work queue: 100 batches, w3 ran ${handled.w3}, w5 ran ${handled.w5}`);
  });

  it("a fetch with more free slots than queued batches returns the queued ones at once, not at its expiry", async () => {
    const js = conn.jetstream();
    for (const b of batchesFor("few", 3)) expect((await publishMessage(js, codec, b, 5_000)).ok).toBe(true);
    const fetcher = createMessageFetcher(js, codec);
    const t0 = Date.now();
    const got = await fetcher.fetch(8, 5_000);
    const elapsed = Date.now() - t0;
    if (!got.ok) throw new Error(got.error.message);
    expect(got.value.map((d) => (d.kind === "message" ? d.message.messageId : -1)).sort()).toEqual([0, 1, 2]);
    expect(elapsed).toBeLessThan(1_000);
    for (const d of got.value) if (d.kind === "message") expect((await d.complete(resultOf(d.message, "w"), 5_000)).ok).toBe(true);
  });

  it("batches fetched by a worker that never acks are redelivered to another after the ack wait", async () => {
    const js = conn.jetstream();
    for (const b of batchesFor("dead", 4)) expect((await publishMessage(js, codec, b, 5_000)).ok).toBe(true);
    const dead = await createMessageFetcher(js, codec).fetch(4, 1_000);
    if (!dead.ok) throw new Error(dead.error.message);
    expect(dead.value).toHaveLength(4); // taken and never acked: the worker "dies"

    const started = Date.now();
    const fetcher = createMessageFetcher(js, codec);
    const rescued = new Set<number>();
    let redelivered = 0;
    while (rescued.size < 4 && Date.now() - started < ACK_WAIT_MS + 8_000) {
      const got = await fetcher.fetch(4, 1_000);
      if (!got.ok) throw new Error(got.error.message);
      for (const d of got.value) {
        if (d.kind !== "message") continue;
        if (d.redelivered) redelivered++;
        rescued.add(d.message.messageId);
        expect((await d.complete(resultOf(d.message, "rescuer"), 5_000)).ok).toBe(true);
      }
    }
    const elapsed = Date.now() - started;
    expect([...rescued].sort()).toEqual([0, 1, 2, 3]);
    expect(redelivered).toBe(4);
    expect(elapsed).toBeGreaterThanOrEqual(ACK_WAIT_MS - 200);
    console.log(`redelivery: 4 batches rescued ${elapsed} ms after the dead worker fetched them (ack wait ${ACK_WAIT_MS} ms)`);
  });

  it("the object store round-trips a 5 MB graph and a 3 KB one by content hash; put is idempotent; the second get is a cache hit, and a cached graph is also given at once", async () => {
    const js = conn.jetstream();
    const bytes = randomBytes(5 * 1024 * 1024);
    const hash = createHash("sha256").update(bytes).digest("hex");
    const coordinator = await openGraphStore(js, { deadlineMs: 10_000, storage: "memory" });
    const worker = await openGraphStore(js, { deadlineMs: 10_000, storage: "memory" });
    if (!coordinator.ok || !worker.ok) throw new Error("open graph store failed");
    const graph = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    expect(await coordinator.value.put(hash, graph)).toEqual({ ok: true, value: { written: true } });
    expect(await coordinator.value.put(hash, graph)).toEqual({ ok: true, value: { written: false } });

    expect(worker.value.cached(hash)).toBeUndefined();
    const t0 = performance.now();
    const first = await worker.value.get(hash);
    const t1 = performance.now();
    const second = await worker.value.get(hash);
    const t2 = performance.now();
    if (!first.ok || !second.ok) throw new Error("get failed");
    expect(Buffer.from(first.value).equals(bytes)).toBe(true);
    expect(second.value).toBe(first.value);
    expect(worker.value.stats()).toEqual({ hits: 1, misses: 1, writes: 0 });
    expect(worker.value.cached(hash)).toBe(first.value);
    expect(worker.value.stats(), "cached() counts nothing: its caller does").toEqual({ hits: 1, misses: 1, writes: 0 });
    expect(coordinator.value.stats().writes).toBe(1);
    // A small object comes back from the client as a view into a larger pooled buffer: only its bytes are the graph.
    const small = randomBytes(3_000);
    const smallHash = createHash("sha256").update(small).digest("hex");
    expect((await coordinator.value.put(smallHash, small)).ok).toBe(true);
    const smallBack = await openGraphStore(js, { deadlineMs: 10_000, storage: "memory" }).then((s) => (s.ok ? s.value.get(smallHash) : s));
    expect(smallBack.ok && Buffer.from(smallBack.value).equals(small)).toBe(true);
    const absent = await worker.value.get("0".repeat(64));
    expect(absent.ok === false && absent.error.code).toBe("not-found");
    console.log(`graph store: 5 MiB get ${(t1 - t0).toFixed(0)} ms from NATS, ${(t2 - t1).toFixed(3)} ms from the cache`);
  });
});

if (missing) console.log("skipped: nats-server not found: install the Debian package nats-server (make setup)");
