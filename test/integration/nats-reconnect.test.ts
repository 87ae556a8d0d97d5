/**
 * Losing the server: an unreachable server is an `unavailable` error within the connect deadline;
 * while the server is down an operation fails within its own deadline (no hang); after a restart
 * on the same port the connection comes back within a deadline and work resumes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NatsConnection, createMessageFetcher, createRolloutCodec, ensureClusterStreams, publishMessage } from "../../adapters/nats/index.js";
import { UNIFORM } from "../../core/rollout/index.js";
import { NatsServer, freePort, natsServerBinary } from "../support/nats-server.js";

const missing = natsServerBinary() === null;
const codec = createRolloutCodec();
const batch = (messageId: number) => ({ adviseId: "rc", messageId, batch: 0, graphHash: "h", requests: [{ id: messageId, prefix: Int32Array.of(1, 2), seed: 3, policy: UNIFORM }] });

describe.skipIf(missing)("NATS reconnection (real nats-server, stopped and restarted)", () => {
  let server: NatsServer;
  let conn: NatsConnection;

  beforeAll(async () => {
    server = await NatsServer.start();
    const c = await NatsConnection.connect({ servers: server.url, name: "reconnect-test", connectTimeoutMs: 3_000, reconnectWaitMs: 100, apiTimeoutMs: 2_000 });
    if (!c.ok) throw new Error(c.error.message);
    conn = c.value;
    const jsm = await conn.jetstreamManager();
    if (!jsm.ok) throw new Error(jsm.error.message);
    // File storage: the streams survive the restart (same store directory).
    const ensured = await ensureClusterStreams(jsm.value, { ackWaitMs: 2_000, storage: "file" });
    if (!ensured.ok) throw new Error(ensured.error.message);
  });

  afterAll(async () => {
    await conn?.close();
    await server?.dispose();
  });

  it("connecting to a port nobody listens on is an unavailable error within the deadline", async () => {
    const port = await freePort();
    const t0 = Date.now();
    const c = await NatsConnection.connect({ servers: `nats://127.0.0.1:${port}`, name: "nobody", connectTimeoutMs: 1_000 });
    expect(c.ok).toBe(false);
    expect(!c.ok && ["unavailable", "deadline-exceeded"]).toContain(!c.ok && c.error.code);
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it("fails within its deadline while the server is down, reconnects after a restart on the same port, and work resumes", async () => {
    const js = conn.jetstream();
    expect((await publishMessage(js, codec, batch(1), 2_000)).ok).toBe(true);

    await server.stop();
    const lostBy = Date.now() + 3_000;
    while (conn.state === "connected" && Date.now() < lostBy) await new Promise((r) => setTimeout(r, 20));
    expect(conn.state).toBe("disconnected");
    expect(await conn.waitConnected(0)).toBe(false);
    const t0 = Date.now();
    const down = await publishMessage(js, codec, batch(2), 1_000);
    const failedIn = Date.now() - t0;
    expect(down.ok).toBe(false);
    expect(!down.ok && ["unavailable", "deadline-exceeded"]).toContain(!down.ok && down.error.code);
    expect(failedIn).toBeLessThan(1_600);

    const t1 = Date.now();
    await server.restart();
    expect(await conn.waitConnected(5_000)).toBe(true);
    const reconnectedIn = Date.now() - t1;
    expect(conn.reconnects).toBeGreaterThanOrEqual(1);

    expect((await publishMessage(js, codec, batch(3), 3_000)).ok).toBe(true);
    const ids = new Set<number>();
    const fetcher = createMessageFetcher(js, codec);
    const until = Date.now() + 8_000;
    while (!ids.has(3) && Date.now() < until) {
      const got = await fetcher.fetch(10, 1_000);
      if (!got.ok) continue;
      for (const d of got.value) {
        if (d.kind !== "message") continue;
        ids.add(d.message.messageId);
        await d.complete({ adviseId: "rc", messageId: d.message.messageId, workerId: "w", results: [] }, 3_000);
      }
    }
    expect(ids.has(1)).toBe(true); // stored before the outage
    expect(ids.has(3)).toBe(true);
    console.log(`reconnect: down publish failed in ${failedIn} ms (${down.ok ? "" : down.error.code}); reconnected ${reconnectedIn} ms after restart began; batch ids after: ${[...ids].join(",")}`);
  });
});

if (missing) console.log("skipped: nats-server not found: install the Debian package nats-server (make setup)");
