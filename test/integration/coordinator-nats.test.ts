/**
 * The cluster on loopback: a real nats-server (JetStream), `maat serve --nats` and one
 * `maat worker --threads 1`, all real processes. The report of `maat advise --server` is the
 * embedded `maat advise` report byte for byte (timings aside); the request's timeout stops the
 * search with the best so far; metrics count batches and the queue; a NATS outage past the
 * deadline fails the advise with UNAVAILABLE and the coordinator serves again once NATS is back.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdviserClient, type AdviseProgress, type AdviseRequestWire } from "../../adapters/grpc/index.js";
import { NatsServer, natsServerBinary } from "../support/nats-server.js";
import { sharedData } from "../support/shared-data.js";
import { MaatProcess, adviseFixture, maat, maatEnv, timingsBlanked, testDataRoots } from "./coordinator-process.js";

const hasNats = natsServerBinary() !== null;
if (!hasNats) process.stderr.write("coordinator-nats: skipped, nats-server not found (make setup installs it)\n");
const flask = sharedData("pypi-graphs", "flask-graph.json");
const work = mkdtempSync(join(tmpdir(), "maat-coordinator-nats-"));
const env = maatEnv({ MAAT_STORE: join(work, "store", "knowledge.sqlite") });
if (flask === null) process.stderr.write("coordinator-nats: ../shared/data/pypi-graphs/flask-graph.json is absent; using a small graph file\n");
const fixture = adviseFixture(flask, work);
/** A request on the fixture; the tests that need rollouts on the worker name mcts (the default, auto, may prove the optimum without one). */
const wire = (extra: Partial<AdviseRequestWire> = {}): Partial<AdviseRequestWire> => ({
  requirements: [fixture.requirement], index: fixture.index, python: fixture.python, ...extra,
});

describe.skipIf(!hasNats)("maat serve --nats with a maat worker", () => {
  let nats: NatsServer;
  let serve: MaatProcess;
  let worker: MaatProcess;
  let address: string;
  let metricsUrl: string;
  let client: AdviserClient;

  beforeAll(async () => {
    nats = await NatsServer.start();
    const started = await MaatProcess.start(
      ["serve", ...testDataRoots(work), "--nats", nats.url, "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0", "--ack-wait", "2"], env,
      /maat serve: listening on (127\.0\.0\.1:\d+) \(nats nats:\/\/127\.0\.0\.1:\d+\)\n/);
    serve = started.process;
    address = started.match[1];
    metricsUrl = /metrics on (http:\S+)/.exec(serve.stderr)?.[1] ?? "";
    worker = (await MaatProcess.start(["worker", "--nats", nats.url, "--threads", "1", "--id", "w1"], env, /maat worker w1: 1 threads/)).process;
    client = new AdviserClient(address);
  }, 60_000);

  afterAll(async () => {
    client?.close();
    await worker?.stop();
    await serve?.stop();
    await nats?.dispose();
    rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it("gives the embedded report byte for byte, timings aside", async () => {
    const args = ["--index", fixture.index, "--python", fixture.python, fixture.requirement, "--seed", "4", "--budget", "2000", "--format", "json"];
    const [embedded, remote] = await Promise.all([maat(["advise", ...args], env), maat(["advise", "--server", address, ...args], env)]);
    expect(embedded.code, embedded.stderr).toBe(0);
    expect(remote.code, remote.stderr).toBe(0);
    expect(timingsBlanked(embedded.stdout)).toContain('"elapsed_ms":_,"stacks_per_second":_,');
    expect(timingsBlanked(remote.stdout)).toBe(timingsBlanked(embedded.stdout));
    expect(remote.stderr).toBe(embedded.stderr);

    const td = ["--predictor", "td", "--seed", "9", "--budget", "1500", "--recommendation", "latest"];
    const [embeddedTd, remoteTd] = await Promise.all([maat(["advise", ...args, ...td], env), maat(["advise", "--server", address, ...args, ...td], env)]);
    expect(remoteTd.code, remoteTd.stderr).toBe(0);
    expect(timingsBlanked(remoteTd.stdout)).toBe(timingsBlanked(embeddedTd.stdout));
  }, 120_000);

  it("stops at the request's timeout with the best so far", async () => {
    const progress: AdviseProgress[] = [];
    const r = await client.advise(wire({ predictor: "mcts", budget: "1000000000", timeout_seconds: 2 }), 60_000, (p) => progress.push(p));
    if (!r.ok) throw new Error(r.error.message);
    const report = JSON.parse(r.value.report_json);
    expect(report.stats.stopped).toBe("timeout");
    expect(report.products.length).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(2);
  }, 60_000);

  it("counts batches and stacks in its metrics, and the work queue's depth (polled every 5 s) drains to 0", async () => {
    const scrape = async () => {
      const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) })).text();
      return (series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, "\\$&")} (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
    };
    let value = await scrape();
    expect(value('maat_advises_total{outcome="done",role="coordinator"}')).toBeGreaterThanOrEqual(3);
    expect(value('maat_stacks_scored_total{role="coordinator"}')).toBeGreaterThan(3500);
    expect(value('maat_batch_duration_seconds_count{role="coordinator"}')).toBeGreaterThan(10);
    expect(value('maat_batches_in_flight{role="coordinator"}')).toBe(0);
    const until = Date.now() + 15_000;
    while (value('maat_queue_depth{role="coordinator"}') !== 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 500));
      value = await scrape();
    }
    expect(value('maat_queue_depth{role="coordinator"}')).toBe(0);
  }, 30_000);

  it("fails an advise with UNAVAILABLE when NATS is away past its deadline, and serves again once NATS is back", async () => {
    let started: (p: AdviseProgress) => void = () => {};
    const first = new Promise<AdviseProgress>((resolve) => { started = (p) => { if (Number(p.stacks_scored) > 0) resolve(p); }; });
    const call = client.advise(wire({ predictor: "mcts", budget: "1000000000", timeout_seconds: 1 }), 60_000, (p) => started(p));
    await first;
    await nats.stop();
    const outcome = await call;
    expect(outcome.ok ? null : outcome.error.code).toBe("unavailable");
    expect(outcome.ok ? "" : outcome.error.message).toMatch(/NATS/);

    await nats.restart();
    const until = Date.now() + 30_000;
    let again = await client.advise(wire({ predictor: "mcts", budget: "500", seed: "1" }), 30_000);
    while (!again.ok && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 500));
      again = await client.advise(wire({ predictor: "mcts", budget: "500", seed: "1" }), 30_000);
    }
    expect(again.ok ? JSON.parse(again.value.report_json).stats.stacks_scored : again.error).toBe(500);
  }, 120_000);

  it("stops on SIGTERM with exit 0", async () => {
    expect(await serve.stop(15_000)).toBe(0);
  }, 30_000);
});
