/**
 * `make cluster` and `make cluster-down` (scripts/cluster-up.sh, scripts/cluster-down.sh) in a
 * temporary state folder: nats-server, `maat serve` and two `maat worker` processes come up on
 * loopback and print how to call them; a second cluster is refused while one is up; an advise over
 * the printed command is answered by the workers (their metrics count its stacks); cluster-down
 * stops exactly the recorded pids and removes the JetStream store.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { natsServerBinary } from "../support/nats-server.js";
import { SHARED_MISSING, repoRoot, sharedData } from "../support/shared-data.js";
import { maatEnv } from "./coordinator-process.js";

const flask = sharedData("pypi-graphs", "flask-graph.json");
const hasNats = natsServerBinary() !== null;
if (flask === null) process.stderr.write(`worker-cluster: ${SHARED_MISSING}\n`);

const work = mkdtempSync(join(tmpdir(), "maat-worker-cluster-"));
const state = join(work, "state");
const env = maatEnv({ CLUSTER_STATE: state, THREADS: "1", MAAT_STORE: join(work, "knowledge.sqlite") });

function script(name: string, args: string[] = [], timeoutMs = 90_000) {
  const r = spawnSync("bash", [join(repoRoot, "scripts", name), ...args], { cwd: repoRoot, env, encoding: "utf8", timeout: timeoutMs });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Recorded {
  readonly name: string;
  readonly pid: number;
}

function recordedPids(): Recorded[] {
  return readFileSync(join(state, "pids"), "utf8").trim().split("\n").map((line) => {
    const [name, pid] = line.split(" ");
    return { name, pid: Number(pid) };
  });
}

/** Running: the pid exists and is not a zombie (an exited process init has not reaped yet). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, "utf8") : "";
  return !/^\d+ \(.*\) Z/.test(stat);
}

describe.skipIf(!hasNats || flask === null)("make cluster / make cluster-down", () => {
  let up: ReturnType<typeof script>;
  let started: Recorded[] = [];

  beforeAll(() => {
    if (!existsSync(join(repoRoot, "dist", "services", "maat.js"))) throw new Error("dist/ is missing: build first (npx tsc -b)");
    up = script("cluster-up.sh", ["2"]);
    if (existsSync(join(state, "pids"))) started = recordedPids();
  });

  afterAll(() => {
    // Whatever a failed test left running: cluster-down, then SIGKILL by recorded pid.
    if (existsSync(join(state, "pids"))) script("cluster-down.sh", [], 60_000);
    for (const { pid } of started) if (alive(pid)) process.kill(pid, "SIGKILL");
    rmSync(work, { recursive: true, force: true });
  });

  it("starts nats-server, the coordinator and two workers, and prints how to call them", () => {
    expect(up.stderr).toBe("");
    expect(up.status).toBe(0);
    expect(started.map((p) => p.name)).toEqual(["nats", "coordinator", "worker-1", "worker-2"]);
    for (const { pid } of started) expect(alive(pid)).toBe(true);
    expect(up.stdout).toMatch(/^ {2}advise {4}\.\/bin\/maat advise --server 127\.0\.0\.1:\d+ --index \.\.\/shared\/data\/pypi-graphs\/flask-graph\.json --python 3\.8 flask$/m);
    expect(up.stdout.match(/http:\/\/127\.0\.0\.1:\d+\/metrics \((coordinator|worker-\d)\)/g)).toHaveLength(3);
    expect(readFileSync(join(state, "worker-2.log"), "utf8")).toMatch(/^maat worker worker-2: 1 threads, nats nats:\/\/127\.0\.0\.1:\d+$/m);
  });

  it("refuses a second cluster while one is up", () => {
    const again = script("cluster-up.sh", ["1"], 30_000);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/a cluster is already up \(nats=\d+ coordinator=\d+ worker-1=\d+ worker-2=\d+\); stop it first with 'make cluster-down'/);
    expect(recordedPids()).toEqual(started);
  });

  it("answers an advise on the printed address with the workers' rollouts", async () => {
    const server = /--server (127\.0\.0\.1:\d+)/.exec(up.stdout)?.[1];
    expect(server).toBeDefined();
    const advise = spawnSync(process.execPath, [join(repoRoot, "bin", "maat"), "advise", "--server", server ?? "", "--index", flask ?? "",
      "--python", "3.8", "flask", "--predictor", "mcts", "--budget", "3000"], { cwd: repoRoot, env, encoding: "utf8", timeout: 120_000 });
    expect(advise.status, advise.stderr).toBe(0);
    const scored = Number(/(\d+) stacks scored/.exec(advise.stdout)?.[1]);
    expect(scored).toBeGreaterThan(0);
    let workersScored = 0;
    for (const port of [...up.stdout.matchAll(/http:\/\/127\.0\.0\.1:(\d+)\/metrics \(worker-\d\)/g)].map((m) => m[1])) {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
      workersScored += Number(/^maat_stacks_scored_total\{role="worker"\} (\d+)$/m.exec(text)?.[1]);
    }
    expect(workersScored).toBe(scored);
  });

  it("cluster-down stops exactly those processes and removes the store", async () => {
    const store = readFileSync(join(state, "store"), "utf8").trim();
    expect(existsSync(store)).toBe(true);
    const down = script("cluster-down.sh", [], 60_000);
    expect(down.status).toBe(0);
    for (const { name, pid } of started) expect(down.stdout).toContain(`maat cluster: ${name} (pid ${pid}) stopped`);
    for (const { pid } of started) expect(alive(pid)).toBe(false);
    expect(existsSync(store)).toBe(false);
    expect(existsSync(join(state, "pids"))).toBe(false);
    // Workers drained: their logs end with a clean stop.
    expect(readFileSync(join(state, "worker-1.log"), "utf8")).toContain("maat worker worker-1: stopped");
    const again = script("cluster-down.sh", [], 10_000);
    expect(again.stdout).toContain("no cluster is up");
  });
});
