/**
 * Round mode across cluster sizes: one request and seed give the embedded `maat advise` report
 * byte for byte (timings aside) through `maat serve --nats` with 1, 2 and 4 `maat worker`
 * processes, and when a worker is killed (SIGKILL, no drain) in the middle of an advise: its
 * unacked batch is redelivered after the ack wait and a late duplicate is ignored. All real
 * processes on loopback: nats-server (JetStream), the coordinator, the workers.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdviserClient } from "../../adapters/grpc/index.js";
import { NatsServer, natsServerBinary } from "../support/nats-server.js";
import { SHARED_MISSING, sharedData } from "../support/shared-data.js";
import { MaatProcess, maat, maatEnv, timingsBlanked } from "./coordinator-process.js";

const flask = sharedData("pypi-graphs", "flask-graph.json");
const hasNats = natsServerBinary() !== null;
if (!hasNats) process.stderr.write("cluster-determinism: skipped, nats-server not found (make setup installs it)\n");
if (flask === null) process.stderr.write(`cluster-determinism: ${SHARED_MISSING}\n`);

let work = "";
const env = maatEnv();

const request = (predictor: string, seed: number, budget: number) =>
  ["--index", flask ?? "", "--python", "3.8", "flask", "--advisories", sharedData("osv-pypa", "vulns") ?? "",
    "--predictor", predictor, "--seed", String(seed), "--budget", String(budget), "--format", "json"];

describe.skipIf(!hasNats || flask === null)("a cluster of 1, 2 and 4 workers gives the embedded report", () => {
  let nats: NatsServer;
  let serve: MaatProcess;
  let address: string;
  const workers: MaatProcess[] = [];

  const addWorkers = async (n: number) => {
    const started = await Promise.all(Array.from({ length: n }, (_, i) => {
      const id = `w${workers.length + i + 1}`;
      return MaatProcess.start(["worker", "--nats", nats.url, "--threads", "1", "--id", id], env, new RegExp(`maat worker ${id}: 1 threads`));
    }));
    workers.push(...started.map((s) => s.process));
  };

  const sameAsEmbedded = async (predictor: string, seed: number, budget: number) => {
    const args = request(predictor, seed, budget);
    const [embedded, remote] = await Promise.all([maat(["advise", ...args], env), maat(["advise", "--server", address, ...args], env)]);
    expect(embedded.code, embedded.stderr).toBe(0);
    expect(remote.code, remote.stderr).toBe(0);
    expect(JSON.parse(embedded.stdout).stats.stacks_scored).toBe(budget);
    expect(timingsBlanked(remote.stdout)).toBe(timingsBlanked(embedded.stdout));
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "maat-cluster-"));
    env.MAAT_STORE = join(work, "store", "knowledge.sqlite");
    nats = await NatsServer.start();
    const started = await MaatProcess.start(
      ["serve", "--nats", nats.url, "--listen", "127.0.0.1:0", "--ack-wait", "2", "--chunk-size", "32", "--metrics-listen", "127.0.0.1:0"], env,
      /maat serve: listening on (127\.0\.0\.1:\d+) \(nats /);
    serve = started.process;
    address = started.match[1];
  }, 60_000);

  afterAll(async () => {
    // Every process is stopped even when one of the stops fails.
    await Promise.allSettled([...workers.map((w) => w.stop()), serve?.stop()]);
    await nats?.dispose();
    if (work !== "") rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it("with 1 worker", async () => {
    await addWorkers(1);
    await sameAsEmbedded("mcts", 3, 3000);
  }, 120_000);

  it("with 2 workers", async () => {
    await addWorkers(1);
    await sameAsEmbedded("td", 5, 3000);
  }, 120_000);

  it("with 4 workers", async () => {
    await addWorkers(2);
    await sameAsEmbedded("mcts", 3, 3000);
    await sameAsEmbedded("annealing", 8, 3000);
  }, 180_000);

  it("when a worker is killed in the middle of an advise", async () => {
    const budget = 20_000;
    const args = request("td", 11, budget);
    const embedded = maat(["advise", ...args], env);
    const client = new AdviserClient(address);
    try {
      let killedAt = -1;
      const victim = workers[0];
      const remote = client.advise({
        requirements: ["flask"], index: flask ?? "", python: "3.8", advisories_path: sharedData("osv-pypa", "vulns") ?? "",
        predictor: "td", seed: "11", budget: String(budget),
      }, 120_000, (p) => {
        if (killedAt < 0 && Number(p.stacks_scored) > 0) {
          killedAt = Number(p.stacks_scored);
          process.kill(victim.child.pid as number, "SIGKILL");
          workers.splice(workers.indexOf(victim), 1);
        }
      });
      const [final, local] = await Promise.all([remote, embedded]);
      if (!final.ok) throw new Error(final.error.message);
      expect(local.code, local.stderr).toBe(0);
      expect(await victim.exited(5_000)).toBe(null);
      expect(killedAt).toBeGreaterThan(0);
      expect(killedAt).toBeLessThan(budget);
      expect(`${timingsBlanked(final.value.report_json)}\n`).toBe(timingsBlanked(local.stdout));
      const metricsUrl = /metrics on (http:\S+)/.exec(serve.stderr)?.[1];
      const text = metricsUrl ? await (await fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) })).text() : "";
      const counters = text.split("\n").filter((l) => /^maat_(redeliveries|duplicate_results)_total/.test(l));
      process.stderr.write(`cluster-determinism: worker killed at ${killedAt} stacks; ${counters.join(", ")}\n`);
    } finally {
      client.close();
    }
  }, 180_000);
});
