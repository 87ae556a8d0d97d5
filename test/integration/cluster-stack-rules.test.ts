/**
 * Stack rules judged on the workers (issue 14 item 3): with prescriptions that hold state steps
 * (a score, a rejection), strides (a rejection, an eager stop), `maat serve --nats` with 1 and 2
 * `maat worker` processes gives the embedded `maat advise` report byte for byte (timings aside),
 * at k = 1 and k = 8 leaf rollouts, each advise ending at its eager stop before the budget. The
 * rules travelled: they are stored beside the graph in the object store, under a key naming the
 * graph. All real processes on loopback: nats-server (JetStream), the coordinator, the workers.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "nats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GRAPH_BUCKET, NatsConnection, openNatsRunner } from "../../adapters/nats/index.js";
import { buildGraph } from "../../core/graph/index.js";
import { randomUniverse } from "../../core/resolver/index.js";
import { UNIFORM, createInProcessRunner, type PortableJudge, type RolloutRequest } from "../../core/rollout/index.js";
import { stackRulesRunner, type StackRules } from "../../core/stack-rules/index.js";
import { randomRules } from "../../core/stack-rules/random-rules.test-support.js";
import { NatsServer, natsServerBinary } from "../support/nats-server.js";
import { SHARED_MISSING, sharedData } from "../support/shared-data.js";
import { FLASK_EAGER_STOP, FLASK_STACK_RULES } from "../support/stack-rules-prescriptions.js";
import { MaatProcess, maat, maatEnv, testDataRoots, timingsBlanked } from "./coordinator-process.js";

const flask = sharedData("pypi-graphs", "flask-graph.json");
const hasNats = natsServerBinary() !== null;
if (!hasNats) process.stderr.write("cluster-stack-rules: skipped, nats-server not found (make setup installs it)\n");
if (flask === null) process.stderr.write(`cluster-stack-rules: ${SHARED_MISSING}\n`);

let work = "";
const env = maatEnv({ MAAT_ACK_WAIT_SECONDS: "2" });

const request = (predictor: string, seed: number, budget: number, leafRollouts: number) =>
  ["--index", flask ?? "", "--python", "3.8", "flask", "--prescriptions", join(work, "prescriptions"),
    "--predictor", predictor, "--seed", String(seed), "--budget", String(budget), "--format", "json", "--leaf-rollouts", String(leafRollouts)];

describe.skipIf(!hasNats || flask === null)("stack rules judged on 1 and 2 workers give the embedded report", () => {
  let nats: NatsServer;
  let serve: MaatProcess;
  let address: string;
  const workers: MaatProcess[] = [];

  const addWorker = async () => {
    const id = `w${workers.length + 1}`;
    const started = await MaatProcess.start(["worker", "--nats", nats.url, "--threads", "1", "--id", id], env, new RegExp(`maat worker ${id}: 1 threads`));
    workers.push(started.process);
  };

  /** The embedded and the cluster's report of one request: the same bytes, ended by the eager stop before `budget`. */
  const sameAsEmbedded = async (predictor: string, seed: number, budget: number, leafRollouts: number) => {
    const args = request(predictor, seed, budget, leafRollouts);
    const [embedded, remote] = await Promise.all([maat(["advise", ...args], env), maat(["advise", "--server", address, ...args], env)]);
    expect(embedded.code, embedded.stderr).toBe(0);
    expect(remote.code, remote.stderr).toBe(0);
    const stats = JSON.parse(embedded.stdout).stats;
    expect(stats.stopped).toBe("eager-stop");
    expect(stats.stacks_scored).toBeGreaterThan(0);
    expect(stats.stacks_scored).toBeLessThan(budget);
    expect(timingsBlanked(remote.stdout)).toBe(timingsBlanked(embedded.stdout));
    return JSON.parse(embedded.stdout);
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "maat-cluster-rules-"));
    mkdirSync(join(work, "prescriptions"));
    writeFileSync(join(work, "prescriptions", "rules.yaml"), FLASK_STACK_RULES + FLASK_EAGER_STOP);
    env.MAAT_STORE = join(work, "store", "knowledge.sqlite");
    nats = await NatsServer.start();
    const started = await MaatProcess.start(
      ["serve", ...testDataRoots(work), "--nats", nats.url, "--listen", "127.0.0.1:0", "--ack-wait", "2", "--chunk-size", "32"], env,
      /maat serve: listening on (127\.0\.0\.1:\d+) \(nats /);
    serve = started.process;
    address = started.match[1];
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled([...workers.map((w) => w.stop()), serve?.stop()]);
    await nats?.dispose();
    if (work !== "") rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it("with 1 worker, k = 1 and k = 8; the rules are stored beside the graph", async () => {
    await addWorker();
    const one = await sameAsEmbedded("mcts", 3, 5000, 1);
    const eight = await sameAsEmbedded("mcts", 3, 5000, 8);
    // k = 8 is not k = 1 in disguise: the rules no longer force one rollout per request.
    expect(eight.stats.stacks_scored).not.toBe(one.stats.stacks_scored);
    // The state step scored the best product (flask >= 2.0 with werkzeug < 2.2: +0.5 on a negative static score).
    expect(one.products[0].packages.werkzeug < "2.2").toBe(true);
    expect(one.products[0].score).toBeGreaterThan(0);
    const nc = await connect({ servers: nats.url, name: "cluster-stack-rules" });
    try {
      const names = (await (await nc.jetstream().views.os(GRAPH_BUCKET)).list()).map((o) => o.name);
      const rules = names.filter((n) => /^[0-9a-f]{16}-rules-[0-9a-f]{16}$/.test(n));
      expect(rules.length).toBeGreaterThanOrEqual(1);
      for (const r of rules) expect(names).toContain(r.slice(0, 16));
    } finally {
      await nc.close();
    }
  }, 120_000);

  it("with 2 workers, k = 1 and k = 8 (mcts and td)", async () => {
    await addWorker();
    await sameAsEmbedded("mcts", 3, 5000, 1);
    await sameAsEmbedded("mcts", 3, 5000, 8);
    await sameAsEmbedded("td", 5, 5000, 8);
  }, 120_000);

  it("the coordinator judges no stack when the rules travelled: a NATS runner's judged results are the in-process judged ones, none judged here", async () => {
    const g = buildGraph(randomUniverse(9, { packages: 14, versions: 8, edgeProbability: 0.25, maskDensity: 0.7, exclusionProbability: 0.05, extras: 1, rootRequirements: 4 }));
    const rules = randomRules(g, 9);
    let judgedHere = 0;
    const counted: StackRules = { ...rules, judgeStack: (pins, out) => { judgedHere++; rules.judgeStack(pins, out); } };
    const connection = await NatsConnection.connect({ servers: nats.url, name: "cluster-stack-rules-runner", connectTimeoutMs: 3_000 });
    if (!connection.ok) throw new Error(connection.error.message);
    const opened = await openNatsRunner({ connection: connection.value, adviseId: "rules-runner", graph: g, messageSize: 16, deadline: Date.now() + 60_000, now: Date.now });
    if (!opened.ok) throw new Error(opened.error.message);
    try {
      const runner = stackRulesRunner(counted, opened.value);
      expect(runner.travelled).toBe(true);
      const requests: RolloutRequest[] = Array.from({ length: 96 }, (_, i) => ({ id: i, prefix: new Int32Array(0), seed: 50 + i, policy: UNIFORM, ...(i % 2 === 1 ? { rollouts: 8 } : {}) }));
      const results = await runner.run(requests);
      expect(results).toEqual(createInProcessRunner(g, rules).runSync(requests));
      expect(results.some((r) => r.kind === "dead-end" && r.reward === rules.rejectedReward)).toBe(true);
      expect(judgedHere).toBe(0);
      expect(opened.value.stats().rulesWritten).toBe(1);
    } finally {
      await opened.value.close();
      await connection.value.close();
    }
  }, 60_000);

  it("a worker answers rules that do not decode with invalid-payload naming their key; the run fails with it", async () => {
    const g = buildGraph(randomUniverse(10, { packages: 8, versions: 4, edgeProbability: 0.3, maskDensity: 0.8, exclusionProbability: 0, extras: 0, rootRequirements: 3 }));
    const damaged: PortableJudge = { key: `${g.hash}-rules-0123456789abcdef`, bytes: Uint8Array.of(1, 2, 3), stopCount: 0, rejectedReward: -1, judgeStack: () => {} };
    const connection = await NatsConnection.connect({ servers: nats.url, name: "cluster-stack-rules-damaged", connectTimeoutMs: 3_000 });
    if (!connection.ok) throw new Error(connection.error.message);
    const opened = await openNatsRunner({ connection: connection.value, adviseId: "rules-damaged", graph: g, messageSize: 16, deadline: Date.now() + 30_000, now: Date.now });
    if (!opened.ok) throw new Error(opened.error.message);
    try {
      const run = opened.value.judging!(damaged).run([{ id: 1, prefix: new Int32Array(0), seed: 1, policy: UNIFORM }]);
      await expect(run).rejects.toMatchObject({ code: "invalid-payload", message: expect.stringContaining(`stack rules ${damaged.key}: 3 bytes are shorter than the header`) });
    } finally {
      await opened.value.close();
      await connection.value.close();
    }
  }, 60_000);
});
