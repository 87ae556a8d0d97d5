import { describe, expect, it } from "vitest";
import { parseWorkerConfig, type WorkerConfigOutcome, type WorkerFlags } from "./config.js";

const host = { hostname: "node-7.example", pid: 4242, availableParallelism: 6 };

function parse(flags: WorkerFlags = {}, env: Record<string, string> = {}): WorkerConfigOutcome {
  return parseWorkerConfig(flags, env, host);
}

function error(flags: WorkerFlags, env: Record<string, string> = {}): string {
  const r = parse(flags, env);
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.error.message;
}

describe("worker configuration", () => {
  it("has defaults: local NATS, one thread per core, no metrics, 8 graphs, <hostname>-<pid>, 30 s ack wait", () => {
    const r = parse();
    expect(r).toEqual({ ok: true, value: {
      natsUrl: "nats://127.0.0.1:4222", threads: 6, metricsListen: null, graphCache: 8, workerId: "node-7.example-4242", ackWaitMs: 30_000,
    } });
    if (r.ok) expect(Object.isFrozen(r.value)).toBe(true);
  });

  it("reads every variable", () => {
    const r = parse({}, {
      MAAT_NATS_URL: "nats://10.0.0.5:4333", MAAT_THREADS: "3", MAAT_METRICS_LISTEN: "0.0.0.0:9464", MAAT_GRAPH_CACHE: "2",
      MAAT_WORKER_ID: "w-1", MAAT_ACK_WAIT_SECONDS: "2.5",
    });
    expect(r).toEqual({ ok: true, value: {
      natsUrl: "nats://10.0.0.5:4333", threads: 3, metricsListen: { host: "0.0.0.0", port: 9464 }, graphCache: 2, workerId: "w-1", ackWaitMs: 2_500,
    } });
  });

  it("lets flags win over variables, and ignores empty variables", () => {
    const r = parse(
      { nats: "tls://nats.local:4222", threads: "1", metricsListen: "[::1]:0", graphCache: "16", id: "flagged" },
      { MAAT_NATS_URL: "nats://other:1", MAAT_THREADS: "9", MAAT_METRICS_LISTEN: "1.2.3.4:5", MAAT_GRAPH_CACHE: "1", MAAT_WORKER_ID: "env", MAAT_ACK_WAIT_SECONDS: "" },
    );
    expect(r).toEqual({ ok: true, value: {
      natsUrl: "tls://nats.local:4222", threads: 1, metricsListen: { host: "::1", port: 0 }, graphCache: 16, workerId: "flagged", ackWaitMs: 30_000,
    } });
  });

  it("names the flag or the variable and the constraint in every error", () => {
    expect(error({ threads: "0" })).toBe('--threads: expected an integer from 1 to 1024, got "0"');
    expect(error({}, { MAAT_THREADS: "abc" })).toBe('MAAT_THREADS: expected an integer from 1 to 1024, got "abc"');
    expect(error({ threads: "2.5" })).toMatch(/^--threads: expected an integer/);
    expect(error({ graphCache: "0" })).toBe('--graph-cache: expected an integer from 1 to 1024, got "0"');
    expect(error({}, { MAAT_GRAPH_CACHE: "-1" })).toMatch(/^MAAT_GRAPH_CACHE: expected an integer/);
    expect(error({ nats: "http://127.0.0.1:4222" })).toBe('--nats: expected a nats:// or tls:// URL, got "http://127.0.0.1:4222"');
    expect(error({}, { MAAT_NATS_URL: "not a url" })).toMatch(/^MAAT_NATS_URL: expected a URL/);
    expect(error({ nats: "nats://127.0.0.1:4222/x" })).toMatch(/^--nats: expected no path/);
    expect(error({ metricsListen: "9464" })).toMatch(/^--metrics-listen: expected HOST:PORT/);
    expect(error({}, { MAAT_METRICS_LISTEN: "127.0.0.1:70000" })).toMatch(/^MAAT_METRICS_LISTEN: expected a port from 0 to 65535/);
    expect(error({ id: "has space" })).toMatch(/^--id: expected 1 to 128 letters/);
    expect(error({}, { MAAT_WORKER_ID: "-x" })).toMatch(/^MAAT_WORKER_ID: expected 1 to 128 letters/);
    expect(error({}, { MAAT_ACK_WAIT_SECONDS: "0" })).toMatch(/^MAAT_ACK_WAIT_SECONDS: expected seconds from 0.1 to 86400, got "0"/);
    expect(error({}, { MAAT_ACK_WAIT_SECONDS: "soon" })).toMatch(/^MAAT_ACK_WAIT_SECONDS: expected seconds/);
  });

  it("an empty flag is an error, not a fallback to the variable", () => {
    expect(error({ threads: "" }, { MAAT_THREADS: "4" })).toMatch(/^--threads: /);
  });

  it("makes a usable default id from an odd hostname", () => {
    const r = parseWorkerConfig({}, {}, { hostname: "my host_(1)", pid: 7, availableParallelism: 1 });
    expect(r.ok && r.value.workerId).toBe("my-host_-1--7");
  });
});
