/**
 * The floor of one batch's two NATS hops on this machine (`make nats-floor`, docs/scaling.md): the
 * protocol's shapes with no work and a payload of a batch's size, between two processes on
 * loopback, against a nats-server (JetStream, file storage) of its own on a free port. The
 * "coordinator" (this process) publishes a message and waits for the answer; the "worker" (a
 * child process of this file) answers each message at once. Shapes:
 * - `next`: the work queue pulled with consumer.next() per message, the answer published to a
 *   results stream (PubAck awaited, then ackAck), the answers read by an ordered consumer: the
 *   shape `maat worker` and `maat serve` use.
 * - `consume`: the same with the worker's pull kept open (consumer.consume()).
 * - `core`: core NATS request/reply (no store, no redelivery): what a hop costs without JetStream.
 * Prints the median and 90th percentile round trip per shape with the load average. Measures;
 * asserts nothing.
 */
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { AckPolicy, DeliverPolicy, RetentionPolicy, StorageType, connect, nanos, type NatsConnection } from "nats";
import { NatsServer } from "../support/nats-server.js";

const SHAPES = ["next", "consume", "core"] as const;
type Shape = (typeof SHAPES)[number];
const ROUND_TRIPS = 400;
const PAYLOAD_BYTES = 20_000;

async function worker(url: string, shape: Shape): Promise<void> {
  const nc = await connect({ servers: url });
  const js = nc.jetstream();
  if (shape === "core") {
    nc.subscribe("floor.request", { callback: (_e, m) => m.respond(m.data) });
  } else {
    const consumer = await js.consumers.get("FLOOR_WORK", "floor-worker");
    const answer = async (m: { data: Uint8Array; seq: number; ackAck(): Promise<boolean> }) => {
      await js.publish("floor.answer", m.data, { msgID: `a${m.seq}` });
      await m.ackAck();
    };
    if (shape === "next") {
      void (async () => {
        for (;;) {
          const m = await consumer.next({ expires: 30_000 });
          if (m !== null) void answer(m);
        }
      })();
    } else {
      const messages = await consumer.consume({ max_messages: 2 });
      void (async () => { for await (const m of messages) void answer(m); })();
    }
  }
  process.stdout.write("ready\n");
}

async function streams(nc: NatsConnection): Promise<void> {
  const jsm = await nc.jetstreamManager();
  for (const name of ["FLOOR_WORK", "FLOOR_ANSWERS"]) await jsm.streams.delete(name).catch(() => false);
  await jsm.streams.add({ name: "FLOOR_WORK", subjects: ["floor.work"], retention: RetentionPolicy.Workqueue, storage: StorageType.File });
  await jsm.streams.add({ name: "FLOOR_ANSWERS", subjects: ["floor.answer"], retention: RetentionPolicy.Limits, storage: StorageType.File });
  await jsm.consumers.add("FLOOR_WORK", { durable_name: "floor-worker", ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, ack_wait: nanos(30_000) });
}

async function roundTrips(nc: NatsConnection, shape: Shape): Promise<number[]> {
  const payload = new Uint8Array(PAYLOAD_BYTES);
  const times: number[] = [];
  if (shape === "core") {
    for (let i = 0; i < ROUND_TRIPS; i++) {
      const t = performance.now();
      await nc.request("floor.request", payload, { timeout: 5_000 });
      times.push(performance.now() - t);
    }
    return times;
  }
  const js = nc.jetstream();
  const answers = await (await js.consumers.get("FLOOR_ANSWERS", { filterSubjects: "floor.answer" })).consume();
  const next = answers[Symbol.asyncIterator]();
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const t = performance.now();
    void js.publish("floor.work", payload, { msgID: `${shape}-${i}` });
    const got = await Promise.race([next.next(), new Promise<null>((r) => setTimeout(() => r(null), 5_000))]);
    if (got === null) throw new Error(`${shape}: no answer within 5 s`);
    times.push(performance.now() - t);
  }
  await answers.close();
  return times;
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];

async function main(): Promise<void> {
  const load = loadavg().map((x) => x.toFixed(2)).join(", ");
  const server = await NatsServer.start();
  const rows: string[] = [];
  try {
    for (const shape of SHAPES) {
      const nc = await connect({ servers: server.url });
      await streams(nc);
      const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "--worker", server.url, shape], { stdio: ["ignore", "pipe", "inherit"] });
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`${shape}: the worker did not start within 10 s`)), 10_000);
          child.stdout?.once("data", () => { clearTimeout(timer); resolve(); });
        });
        const times = await roundTrips(nc, shape);
        rows.push(`| ${shape} | ${quantile(times, 0.5).toFixed(3)} | ${quantile(times, 0.9).toFixed(3)} |`);
      } finally {
        child.kill();
        await nc.close();
      }
    }
  } finally {
    await server.dispose();
  }
  process.stdout.write([
    `## The floor of a batch's two NATS hops: ${ROUND_TRIPS} round trips of ${PAYLOAD_BYTES.toLocaleString("en-US")} bytes between two processes`, "",
    `Load average before the run ${load}, after ${loadavg().map((x) => x.toFixed(2)).join(", ")} (${new Date().toISOString().slice(0, 16)} UTC).`, "",
    "| shape | median ms | p90 ms |", "| --- | ---: | ---: |", ...rows, "",
  ].join("\n"));
}

if (process.argv[2] === "--worker") await worker(process.argv[3], process.argv[4] as Shape);
else await main();
