import { describe, expect, it } from "vitest";
import { parseCoordinatorConfig, type CoordinatorConfig } from "./config.js";

const parse = (flags: object, env: Record<string, string> = {}) => parseCoordinatorConfig(flags, env, "/tmp/store.sqlite");
const config = (flags: object, env: Record<string, string> = {}): CoordinatorConfig => {
  const r = parse(flags, env);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const error = (flags: object, env: Record<string, string> = {}) => {
  const r = parse(flags, env);
  return r.ok ? null : r.error.message;
};

describe("parseCoordinatorConfig", () => {
  it("has the documented defaults, frozen", () => {
    const c = config({});
    expect(c).toEqual({
      listen: { host: "127.0.0.1", port: 50051 }, natsUrl: null, metricsListen: null, maxAdvises: 4, batchSize: 256, messageSize: 64, inFlight: 1, leafRollouts: 1,
      defaultTimeoutMs: 600_000, ackWaitMs: 30_000, graphExpiryMs: 3_600_000, storePath: "/tmp/store.sqlite",
      security: { tls: null, tokenFile: null, dataRoots: [], allowIndexes: ["https://pypi.org/simple"], sources: new Map() },
    });
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.listen)).toBe(true);
  });

  it("reads every MAAT_* variable, and a flag wins over its variable", () => {
    const env = {
      MAAT_LISTEN: "0.0.0.0:6000", MAAT_NATS_URL: "nats://10.0.0.1:4222", MAAT_METRICS_LISTEN: "[::1]:9464", MAAT_MAX_ADVISES: "9",
      MAAT_BATCH_SIZE: "128", MAAT_CHUNK_SIZE: "32", MAAT_DEFAULT_TIMEOUT_SECONDS: "1.5", MAAT_ACK_WAIT_SECONDS: "12", MAAT_GRAPH_EXPIRY_SECONDS: "90",
    };
    expect(config({}, env)).toMatchObject({
      listen: { host: "0.0.0.0", port: 6000 }, natsUrl: "nats://10.0.0.1:4222", metricsListen: { host: "::1", port: 9464 }, maxAdvises: 9,
      batchSize: 128, messageSize: 32, defaultTimeoutMs: 1500, ackWaitMs: 12_000, graphExpiryMs: 90_000,
    });
    expect(config({ graphExpiry: "2" }, env).graphExpiryMs).toBe(2_000);
    expect(config({ listen: "127.0.0.1:0", maxAdvises: "1", nats: "tls://n:4222" }, env)).toMatchObject({ listen: { port: 0 }, maxAdvises: 1, natsUrl: "tls://n:4222" });
    expect(config({}, { MAAT_NATS_URL: "" }).natsUrl).toBeNull();
  });

  it("names the flag or variable and the constraint", () => {
    expect(error({ listen: "localhost" })).toBe('--listen: expected HOST:PORT (e.g. 127.0.0.1:50051, [::1]:50051), got "localhost"');
    expect(error({}, { MAAT_LISTEN: "h:70000" })).toBe('MAAT_LISTEN: expected a port from 0 to 65535, got "h:70000"');
    expect(error({ nats: "http://x:1" })).toBe('--nats: expected a nats:// or tls:// URL, got "http://x:1"');
    expect(error({}, { MAAT_NATS_URL: "nats" })).toMatch(/^MAAT_NATS_URL: expected a URL/);
    expect(error({ maxAdvises: "0" })).toBe('--max-advises: expected an integer from 1 to 10000, got "0"');
    expect(error({}, { MAAT_BATCH_SIZE: "2.5" })).toMatch(/^MAAT_BATCH_SIZE: expected an integer/);
    expect(error({ chunkSize: "-1" })).toMatch(/^--chunk-size: expected an integer/);
    expect(error({ defaultTimeout: "0" })).toMatch(/^--default-timeout: expected seconds from 0.001 to 86400/);
    expect(error({}, { MAAT_ACK_WAIT_SECONDS: "forever" })).toMatch(/^MAAT_ACK_WAIT_SECONDS: expected seconds/);
    expect(error({ metricsListen: "9464" })).toMatch(/^--metrics-listen: expected HOST:PORT/);
    expect(error({ graphExpiry: "0.5" })).toMatch(/^--graph-expiry: expected seconds from 1 to/);
  });
});
