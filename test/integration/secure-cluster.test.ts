/**
 * Issue 15, done when: `make cluster SECURE=1` (scripts/cluster-up.sh) brings a cluster up with TLS
 * and a bearer token, and prints the advise command that works against it. The printed command is
 * run as printed; python3-grpcio (the independent client) is answered with the CA and the token,
 * refused without the token (UNAUTHENTICATED) and without TLS. Then cluster-down.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probe, probeMissing } from "../support/grpc-probe.js";
import { natsServerBinary } from "../support/nats-server.js";
import { SHARED_MISSING, repoRoot, sharedData } from "../support/shared-data.js";
import { maatEnv } from "./coordinator-process.js";

const flask = sharedData("pypi-graphs", "flask-graph.json");
const hasNats = natsServerBinary() !== null;
const hasOpenssl = spawnSync("openssl", ["version"], { timeout: 5_000 }).status === 0;
if (flask === null) process.stderr.write(`secure-cluster: ${SHARED_MISSING}\n`);
if (!hasOpenssl) process.stderr.write("secure-cluster: skipped, the openssl CLI is missing\n");
const missing = probeMissing();
if (missing !== null) throw new Error(`secure-cluster: ${missing}`);

const work = mkdtempSync(join(tmpdir(), "maat-secure-cluster-"));
const state = join(work, "state");
const env = maatEnv({ CLUSTER_STATE: state, THREADS: "1", SECURE: "1", MAAT_STORE: join(work, "knowledge.sqlite") });

function script(name: string, args: string[] = [], timeoutMs = 90_000) {
  const r = spawnSync("bash", [join(repoRoot, "scripts", name), ...args], { cwd: repoRoot, env, encoding: "utf8", timeout: timeoutMs });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!hasNats || flask === null || !hasOpenssl)("make cluster SECURE=1", () => {
  let up: ReturnType<typeof script>;
  let pids: number[] = [];

  beforeAll(() => {
    if (!existsSync(join(repoRoot, "dist", "services", "maat.js"))) throw new Error("dist/ is missing: build first (npx tsc -b)");
    up = script("cluster-up.sh", ["1"]);
    if (existsSync(join(state, "pids"))) pids = readFileSync(join(state, "pids"), "utf8").trim().split("\n").map((l) => Number(l.split(" ")[1]));
  }, 120_000);

  afterAll(() => {
    if (existsSync(join(state, "pids"))) script("cluster-down.sh", [], 60_000);
    for (const pid of pids) {
      try {
        process.kill(pid, 0);
        process.kill(pid, "SIGKILL");
      } catch {
        // gone already
      }
    }
    rmSync(work, { recursive: true, force: true });
  }, 90_000);

  it("prints an advise command with the CA and the token, which works as printed", () => {
    expect(up.status, up.stderr).toBe(0);
    const printed = /^ {2}advise {4}\.\/bin\/maat (advise --server 127\.0\.0\.1:\d+ --tls-ca (\S+) --token-file (\S+) .*)$/m.exec(up.stdout);
    expect(printed, up.stdout).not.toBeNull();
    const args = printed![1].split(" ");
    const advise = spawnSync(process.execPath, [join(repoRoot, "bin", "maat"), ...args, "--predictor", "mcts", "--budget", "500"],
      { cwd: repoRoot, env: maatEnv({ MAAT_STORE: join(work, "knowledge.sqlite") }), encoding: "utf8", timeout: 120_000 });
    expect(advise.status, advise.stderr).toBe(0);
    expect(Number(/(\d+) stacks scored/.exec(advise.stdout)?.[1])).toBe(500);
  }, 150_000);

  it("answers python3-grpcio with the CA and the token; refuses it without the token, and without TLS", async () => {
    const address = /--server (127\.0\.0\.1:\d+)/.exec(up.stdout)?.[1] ?? "";
    const ca = join(state, "tls", "ca.pem");
    const token = readFileSync(join(state, "tls", "token"), "utf8").trim();
    const ok = await probe(address, "maat.v1.Adviser/ListPredictors", { ca, token, timeout: 10 });
    expect(ok.status).toBe("OK");
    const noToken = await probe(address, "maat.v1.Adviser/ListPredictors", { ca, token, callToken: "", timeout: 10 });
    expect(noToken.status).toBe("UNAUTHENTICATED");
    const plain = await probe(address, "maat.v1.Adviser/ListPredictors", { timeout: 5 });
    expect(plain.status).toBe("UNAVAILABLE");
  }, 60_000);

  it("cluster-down stops it", () => {
    const down = script("cluster-down.sh", [], 60_000);
    expect(down.status, down.stderr).toBe(0);
    expect(existsSync(join(state, "pids"))).toBe(false);
  }, 90_000);
});
