/**
 * Issue 15 item 6, a clean queue, on a cluster on loopback (real nats-server with JetStream,
 * `maat serve --nats` as a process, advises through python3-grpcio, the independent client):
 * - a client that goes away mid-advise: the advise's batches leave MAAT_BATCHES;
 * - an advise that fails (a worker answers with a result that does not fit its batch): its batches
 *   and its stored results are purged;
 * - an advise failed by a NATS outage: its batches are purged once NATS is back;
 * - objects in the graph store expire when unused (--graph-expiry 2): an unused graph is gone after
 *   the expiry while the graph of an advise in flight stays; once that advise is over, its graph
 *   goes too, and maat_objects_expired_total counts both.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BATCH_STREAM, GRAPH_BUCKET, NatsConnection, RESULT_STREAM, createMessageFetcher, createRolloutCodec, openGraphStore,
} from "../../adapters/nats/index.js";
import { buildGraph, serializeGraph } from "../../core/graph/index.js";
import { probe, probeMissing } from "../support/grpc-probe.js";
import { NatsServer, natsServerBinary } from "../support/nats-server.js";
import { sharedData } from "../support/shared-data.js";
import { MaatProcess, adviseFixture, maatEnv, testDataRoots } from "./coordinator-process.js";

const hasNats = natsServerBinary() !== null;
if (!hasNats) process.stderr.write("cluster-cleanup: skipped, nats-server not found (make setup installs it)\n");
const missing = probeMissing();
if (missing !== null) throw new Error(`cluster-cleanup: ${missing}`);
const work = mkdtempSync(join(tmpdir(), "maat-cluster-cleanup-"));
const env = maatEnv({ MAAT_STORE: join(work, "store", "knowledge.sqlite") });
const fixture = adviseFixture(sharedData("pypi-graphs", "flask-graph.json"), work);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const EXPIRY_SECONDS = 2;

async function until<T>(what: string, ms: number, probeFn: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probeFn();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(50);
  }
}

describe.skipIf(!hasNats)("a clean queue: purged advises, expiring graphs", () => {
  let nats: NatsServer;
  let serve: MaatProcess;
  let worker: MaatProcess | undefined;
  let address: string;
  let metricsUrl: string;
  let conn: NatsConnection;

  beforeAll(async () => {
    nats = await NatsServer.start();
    const started = await MaatProcess.start(
      ["serve", ...testDataRoots(work), "--nats", nats.url, "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0", "--ack-wait", "2", "--graph-expiry", String(EXPIRY_SECONDS)], env,
      /maat serve: listening on (127\.0\.0\.1:\d+) \(nats nats:\/\/127\.0\.0\.1:\d+\)\n/);
    serve = started.process;
    address = started.match[1];
    metricsUrl = /metrics on (http:\S+)/.exec(serve.stderr)?.[1] ?? "";
    const c = await NatsConnection.connect({ servers: nats.url, name: "cleanup-test", connectTimeoutMs: 5_000 });
    if (!c.ok) throw new Error(c.error.message);
    conn = c.value;
  }, 60_000);

  afterAll(async () => {
    await conn?.close();
    await worker?.stop();
    await serve?.stop();
    await nats?.dispose();
    rmSync(work, { recursive: true, force: true });
  }, 60_000);

  const messages = async (stream: string) => {
    const jsm = await conn.jetstreamManager();
    if (!jsm.ok) throw new Error(jsm.error.message);
    return (await jsm.value.streams.info(stream)).state.messages;
  };
  const request = (extra: object = {}) => ({ requirements: [fixture.requirement], index: fixture.index, python: fixture.python, predictor: "mcts", budget: 1_000_000_000, ...extra });

  it("a client that leaves mid-advise: its batches leave the work queue", async () => {
    // No worker: the advise's batches wait in MAAT_BATCHES until the client's deadline.
    const advise = probe(address, "maat.v1.Adviser/Advise", { request: request({ timeout_seconds: 60 }), timeout: 3 });
    const queued = await until("batches queued", 10_000, async () => ((await messages(BATCH_STREAM)) > 0 ? messages(BATCH_STREAM) : undefined));
    expect((await advise).status).toBe("DEADLINE_EXCEEDED");
    await until("batches purged", 2_000, async () => ((await messages(BATCH_STREAM)) === 0 ? true : undefined));
    console.log(`client gone: ${queued} batches queued, purged within 2 s of the deadline`);
  }, 60_000);

  it("an advise that fails: its batches and its stored results are purged", async () => {
    const js = conn.jetstream();
    const codec = createRolloutCodec();
    const advise = probe(address, "maat.v1.Adviser/Advise", { request: request({ timeout_seconds: 60 }), timeout: 60 });
    // A faulty worker: takes one batch and answers it with no outcomes (its batch had requests).
    const fetcher = createMessageFetcher(js, codec);
    const taken = await until("a message fetched", 10_000, async () => {
      const got = await fetcher.fetch(1, 1_000);
      return got.ok && got.value.length === 1 ? got.value[0] : undefined;
    });
    if (taken.kind !== "message") throw new Error(taken.error.message);
    const left = await messages(BATCH_STREAM);
    expect((await taken.complete({ adviseId: taken.message.adviseId, messageId: taken.message.messageId, workerId: "faulty", results: [] }, 5_000)).ok).toBe(true);
    const failed = await advise;
    expect(failed.status).toBe("INTERNAL"); // a worker's answer that does not fit is the cluster's fault, not the request's
    expect(failed.details).toMatch(/0 outcomes for \d+ requests/);
    await until("batches and results purged", 2_000, async () => ((await messages(BATCH_STREAM)) === 0 && (await messages(RESULT_STREAM)) === 0 ? true : undefined));
    console.log(`failed advise: its batches (${left} in the stream, one of them taken) and its result purged`);
  }, 60_000);

  it("an advise failed by a NATS outage: its batches are purged once NATS is back", async () => {
    const advise = probe(address, "maat.v1.Adviser/Advise", { request: request({ timeout_seconds: 2 }), timeout: 60 });
    const queued = await until("batches queued", 10_000, async () => ((await messages(BATCH_STREAM)) > 0 ? messages(BATCH_STREAM) : undefined));
    await nats.stop();
    const failed = await advise;
    expect(failed.status).toBe("UNAVAILABLE");
    await nats.restart(); // the same store: the batches are still there
    await until("batches purged after the outage", 10_000, async () => {
      const n = await messages(BATCH_STREAM).catch(() => -1);
      return n === 0 ? true : undefined;
    });
    console.log(`NATS outage: ${queued} batches purged once NATS was back`);
  }, 60_000);

  it("an unused graph expires; the graph of an advise in flight stays, and goes once the advise is over", async () => {
    worker = (await MaatProcess.start(["worker", "--nats", nats.url, "--threads", "1", "--id", "w-cleanup"], env, /maat worker w-cleanup: 1 threads/)).process;
    const js = conn.jetstream();
    const unused = buildGraph({ root: [{ target: "u", allowed: ["1"], spec: "u" }], packages: [{ name: "u", versions: [{ version: "1", score: 0.1, deps: [] }] }] });
    const store = await openGraphStore(js, { deadlineMs: 10_000 });
    if (!store.ok) throw new Error(store.error.message);
    expect((await store.value.put(unused.hash, serializeGraph(unused))).ok).toBe(true);
    const names = async () => (await (await js.views.os(GRAPH_BUCKET)).list()).filter((i) => !i.deleted).map((i) => i.name);

    const started = Date.now();
    const advise = probe(address, "maat.v1.Adviser/Advise", { request: request({ timeout_seconds: 3 * EXPIRY_SECONDS + 1 }), timeout: 60 });
    const inUse = await until("the advise's graph stored", 10_000, async () => (await names()).find((n) => n !== unused.hash));
    // Past the expiry (and a sweep) while the advise still runs.
    await sleep(EXPIRY_SECONDS * 1000 * 2 - (Date.now() - started));
    expect(Date.now() - started).toBeLessThan((3 * EXPIRY_SECONDS + 1) * 1000);
    expect(await names()).toEqual([inUse]);
    const absent = await (await openGraphStore(js, { deadlineMs: 10_000, cacheEntries: 1 }).then((s) => (s.ok ? s.value.get(unused.hash) : s)));
    expect(absent.ok === false && absent.error.code).toBe("not-found");

    const done = await advise;
    expect(`${done.status} ${done.details}`).toBe("OK ");
    // Finished, its results and batches purged too; its graph goes after the expiry.
    expect(await messages(RESULT_STREAM)).toBe(0);
    expect(await messages(BATCH_STREAM)).toBe(0);
    await until("the finished advise's graph expired", (EXPIRY_SECONDS + 3) * 1000, async () => ((await names()).length === 0 ? true : undefined));
    const metrics = await (await fetch(`${metricsUrl}`, { signal: AbortSignal.timeout(5_000) })).text();
    const expired = Number(/^maat_objects_expired_total\{[^}]*\} (\S+)$/m.exec(metrics)?.[1]);
    expect(expired).toBeGreaterThanOrEqual(2);
  }, 90_000);
});
