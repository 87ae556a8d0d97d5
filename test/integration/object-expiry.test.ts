/**
 * Object expiry in the graph store against a real nats-server (JetStream): a touch marks an object
 * used without changing its bytes; a sweep deletes what was unused longer than the expiry and keeps
 * the rest, including an object touched after the listing.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NatsConnection, lastUsed, type GraphStore, openGraphStore, sweepUnusedObjects, touchObjects } from "../../adapters/nats/index.js";
import { NatsServer, natsServerBinary } from "../support/nats-server.js";

const missing = natsServerBinary() === null;
const BUCKET = "maat-expiry-test";

/** A graph store with an empty cache: a get reads the object store. */
async function fresh(js: ReturnType<NatsConnection["jetstream"]>): Promise<GraphStore> {
  const store = await openGraphStore(js, { bucket: BUCKET, deadlineMs: 10_000 });
  if (!store.ok) throw new Error(store.error.message);
  return store.value;
}

describe.skipIf(missing)("object expiry (real nats-server)", () => {
  let server: NatsServer;
  let conn: NatsConnection;

  beforeAll(async () => {
    server = await NatsServer.start();
    const c = await NatsConnection.connect({ servers: server.url, name: "expiry-test", connectTimeoutMs: 5_000 });
    if (!c.ok) throw new Error(c.error.message);
    conn = c.value;
  });

  afterAll(async () => {
    await conn?.close();
    await server?.dispose();
  });

  it("a touched object keeps its bytes and is kept; an untouched one past the expiry is deleted", async () => {
    const js = conn.jetstream();
    const store = await openGraphStore(js, { bucket: BUCKET, deadlineMs: 10_000, cacheEntries: 1 });
    if (!store.ok) throw new Error(store.error.message);
    const used = randomBytes(300_000); // several chunks
    const unused = randomBytes(1_000);
    expect((await store.value.put("used", used)).ok).toBe(true);
    expect((await store.value.put("unused", unused)).ok).toBe(true);
    const os = await js.views.os(BUCKET);
    const written = lastUsed((await os.info("used"))!);

    const later = written + 60_000;
    expect(await touchObjects(js, BUCKET, ["used", "absent"], later, 5_000)).toEqual({ ok: true, value: 1 });
    expect(lastUsed((await os.info("used"))!)).toBe(later);
    const back = await fresh(js).then((s) => s.get("used"));
    expect(back.ok && Buffer.from(back.value).equals(used)).toBe(true);

    // At written + 90 s with a 60 s expiry: "unused" (written) is past it, "used" (touched at +60 s) is not.
    const swept = await sweepUnusedObjects(js, BUCKET, 60_000, written + 90_000, 5_000);
    expect(swept).toEqual({ ok: true, value: { kept: 1, deleted: ["unused"] } });
    const gone = await fresh(js).then((s) => s.get("unused"));
    expect(gone.ok === false && gone.error.code).toBe("not-found");
    // A deleted object is stored again by the next advise that needs it.
    expect(await store.value.put("unused", unused)).toEqual({ ok: true, value: { written: true } });
    // Later still, both are past it.
    const all = await sweepUnusedObjects(js, BUCKET, 60_000, Date.now() + 3_600_000, 5_000);
    expect(all.ok && [...all.value.deleted].sort()).toEqual(["unused", "used"]);
  });
});

if (missing) console.log("skipped: nats-server not found: install the Debian package nats-server (make setup)");
