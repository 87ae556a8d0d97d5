/** The cluster's streams on a real nats-server (started on a free loopback port): created once, the ack wait updated. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NatsServer, natsServerBinary } from "../../test/support/nats-server.js";
import { NatsConnection } from "./nats-connection.js";
import { purgeAdvise } from "./purge-advise.js";
import { ensureClusterStreams } from "./streams.js";
import { BATCH_STREAM, RESULT_STREAM, WORKER_CONSUMER, resultSubject } from "./subjects.js";
import { publishEncodedMessage } from "./work-queue.js";
import { MAX_PAYLOAD_BYTES } from "./payload-limit.js";

const missing = natsServerBinary() === null;
if (missing) console.log("skipped: nats-server not found: install the Debian package nats-server (make setup)");

describe.skipIf(missing)("cluster streams (real nats-server)", () => {
  let server: NatsServer;
  let conn: NatsConnection;

  beforeAll(async () => {
    server = await NatsServer.start();
    const c = await NatsConnection.connect({ servers: server.url, name: "streams-test", connectTimeoutMs: 3_000 });
    if (!c.ok) throw new Error(c.error.message);
    conn = c.value;
  });

  afterAll(async () => {
    await conn?.close();
    await server?.dispose();
  });

  it("creates the work queue, the result stream and the worker consumer, then only updates the consumer's ack wait (a worker's call does not)", async () => {
    const jsm = await conn.jetstreamManager();
    if (!jsm.ok) throw new Error(jsm.error.message);
    expect(await ensureClusterStreams(jsm.value, { ackWaitMs: 2_000, maxDeliver: 4, storage: "memory" })).toEqual({ ok: true, value: { ackWaitMs: 2_000 } });
    const batches = await jsm.value.streams.info(BATCH_STREAM);
    expect(batches.config).toMatchObject({ subjects: ["maat.batches.>"], retention: "workqueue", max_msg_size: MAX_PAYLOAD_BYTES });
    expect((await jsm.value.streams.info(RESULT_STREAM)).config.subjects).toEqual(["maat.results.>"]);
    expect((await jsm.value.consumers.info(BATCH_STREAM, WORKER_CONSUMER)).config).toMatchObject({ ack_wait: 2_000_000_000, max_deliver: 4 });
    expect(await ensureClusterStreams(jsm.value, { ackWaitMs: 7_000, storage: "memory" })).toEqual({ ok: true, value: { ackWaitMs: 7_000 } });
    expect((await jsm.value.consumers.info(BATCH_STREAM, WORKER_CONSUMER)).config).toMatchObject({ ack_wait: 7_000_000_000, max_deliver: 10 });
    // A worker with another MAAT_ACK_WAIT_SECONDS keeps the coordinator's, and learns it.
    expect(await ensureClusterStreams(jsm.value, { ackWaitMs: 60_000, updateConsumer: false, storage: "memory" })).toEqual({ ok: true, value: { ackWaitMs: 7_000 } });
    expect((await jsm.value.consumers.info(BATCH_STREAM, WORKER_CONSUMER)).config).toMatchObject({ ack_wait: 7_000_000_000 });
    expect((await jsm.value.streams.list().next()).map((s) => s.config.name).sort()).toEqual([BATCH_STREAM, RESULT_STREAM]);
  });

  it("refuses a message over the payload limit before publishing, and purges one advise's messages and answers only", async () => {
    const js = conn.jetstream();
    const jsm = await conn.jetstreamManager();
    if (!jsm.ok) throw new Error(jsm.error.message);
    const big = await publishEncodedMessage(js, "a", 9, new Uint8Array(MAX_PAYLOAD_BYTES + 1), 2_000);
    expect(big).toMatchObject({ ok: false, error: { code: "payload-too-large", message: expect.stringMatching(/^message 9 is 262145 bytes, over the 262144-byte limit/) } });
    for (const [advise, id] of [["a", 1], ["a", 2], ["a", 3], ["b", 1]] as const) {
      expect((await publishEncodedMessage(js, advise, id, new Uint8Array([id]), 2_000)).ok).toBe(true);
    }
    expect((await publishEncodedMessage(js, "a", 1, new Uint8Array([1]), 2_000)).ok).toBe(true); // same message id: the server drops it
    for (const advise of ["a", "a", "b"]) await js.publish(resultSubject(advise), new Uint8Array([0]));
    expect(await purgeAdvise(jsm.value, "a", 2_000)).toEqual({ ok: true, value: { messages: 3, answers: 2 } });
    expect((await jsm.value.streams.info(BATCH_STREAM)).state.messages).toBe(1);
    expect((await jsm.value.streams.info(RESULT_STREAM)).state.messages).toBe(1);
  });
});
