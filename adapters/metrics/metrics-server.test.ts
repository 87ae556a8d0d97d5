import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { register as globalRegistry } from "prom-client";
import { createClusterMetrics, type ClusterMetrics } from "./cluster-metrics.js";
import { MetricsServer } from "./metrics-server.js";

const promtool = spawnSync("promtool", ["--version"], { timeout: 5_000 }).status === 0;

describe("cluster metrics over HTTP", () => {
  let metrics: ClusterMetrics;
  let server: MetricsServer;
  let body = "";

  beforeAll(async () => {
    metrics = createClusterMetrics({ role: "worker", processMetrics: true });
    metrics.advises.inc({ outcome: "done" });
    metrics.stacksScored.inc(1234);
    metrics.deadEnds.inc(7);
    metrics.batchSeconds.observe(0.012);
    metrics.batchesInFlight.set(3);
    metrics.queueDepth.set(42);
    metrics.bestScore.set(0.87);
    metrics.redeliveries.inc();
    metrics.graphCacheHits.inc(5);
    metrics.graphCacheMisses.inc();
    server = new MetricsServer(metrics.registry, { host: "127.0.0.1", port: 0 });
    await server.start();
    const res = await fetch(server.url, { signal: AbortSignal.timeout(5_000) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    body = await res.text();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("serves every maat_* metric with its value, the role label and exponential batch buckets", () => {
    for (const line of [
      'maat_advises_total{outcome="done",role="worker"} 1', 'maat_stacks_scored_total{role="worker"} 1234', 'maat_dead_ends_total{role="worker"} 7',
      'maat_batches_in_flight{role="worker"} 3', 'maat_queue_depth{role="worker"} 42', 'maat_best_score{role="worker"} 0.87',
      'maat_redeliveries_total{role="worker"} 1', 'maat_graph_cache_hits_total{role="worker"} 5', 'maat_graph_cache_misses_total{role="worker"} 1',
      'maat_batch_duration_seconds_bucket{le="0.016",role="worker"} 1', 'maat_batch_duration_seconds_bucket{le="0.008",role="worker"} 0',
      'maat_batch_duration_seconds_count{role="worker"} 1',
    ]) expect(body).toContain(line);
    expect(body).toContain("maat_process_cpu_seconds_total");
    // Our registry only: nothing leaks into prom-client's global default.
    expect(globalRegistry.getSingleMetric("maat_stacks_scored_total")).toBeUndefined();
  });

  it("answers 404 off /metrics", async () => {
    const res = await fetch(server.url.replace("/metrics", "/other"), { signal: AbortSignal.timeout(5_000) });
    expect(res.status).toBe(404);
  });

  (promtool ? it : it.skip)(promtool ? "passes promtool check metrics" : "promtool check metrics: skipped, promtool not installed (Debian package prometheus)", () => {
    const r = spawnSync("promtool", ["check", "metrics"], { input: body, timeout: 10_000, encoding: "utf8" });
    expect(r.stderr + r.stdout).toBe("");
    expect(r.status).toBe(0);
  });
});

describe("the metrics endpoint's /healthz", () => {
  it("answers 200 SERVING or 503 NOT_SERVING as `healthy` says, 404 without it", async () => {
    let healthy = true;
    const metrics = createClusterMetrics({ role: "coordinator" });
    const withHealth = new MetricsServer(metrics.registry, { host: "127.0.0.1", port: 0, healthy: () => healthy });
    const without = new MetricsServer(metrics.registry, { host: "127.0.0.1", port: 0 });
    await withHealth.start();
    await without.start();
    try {
      const get = async (s: MetricsServer) => {
        const res = await fetch(s.url.replace("/metrics", "/healthz"), { signal: AbortSignal.timeout(5_000) });
        return `${res.status} ${await res.text()}`;
      };
      expect(await get(withHealth)).toBe("200 SERVING\n");
      healthy = false;
      expect(await get(withHealth)).toBe("503 NOT_SERVING\n");
      expect(await get(without)).toBe("404 not found\n");
    } finally {
      await withHealth.stop();
      await without.stop();
    }
  });
});
