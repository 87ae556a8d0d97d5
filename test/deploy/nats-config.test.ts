/**
 * The nats-server configuration of k8s/ and of the Helm chart (with values.yaml's defaults) starts
 * a real nats-server with JetStream: listen addresses moved to loopback free ports and the store
 * to a temporary folder, everything else as deployed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../support/shared-data.js";
import { freePort, natsServerBinary } from "../support/nats-server.js";
import { baseObjects } from "./k8s-files.js";

const bin = natsServerBinary();
const SKIP = "nats-server is not installed (make setup installs it): the deployed nats.conf is not started";
if (bin === null) console.log(`skipped: ${SKIP}`);

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = get(url, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => { body += d.toString(); });
      res.on("end", () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", fail);
    req.setTimeout(2_000, () => req.destroy(new Error(`${url}: timeout`)));
  });
}

const children: ChildProcess[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.pid === undefined) continue;
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(child.pid, "SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3_000))]);
    if (child.exitCode === null) process.kill(child.pid, "SIGKILL");
  }
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

/** Starts nats-server on `conf` as deployed but for addresses and store; resolves with /varz and /jsz. */
async function startDeployed(conf: string): Promise<{ varz: Record<string, unknown>; jsz: Record<string, unknown> }> {
  const [client, monitor] = [await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), "maat-nats-conf-"));
  folders.push(dir);
  const local = conf
    .replace(/^(\s*)listen: 0\.0\.0\.0:4222$/m, `$1listen: 127.0.0.1:${client}`)
    .replace(/^(\s*)http: 0\.0\.0\.0:8222$/m, `$1http: 127.0.0.1:${monitor}`)
    .replace(/^(\s*)store_dir: \/data$/m, `$1store_dir: ${JSON.stringify(join(dir, "store"))}`);
  expect(local).toContain(`127.0.0.1:${client}`);
  expect(local).toContain(`127.0.0.1:${monitor}`);
  expect(local).toContain(join(dir, "store"));
  writeFileSync(join(dir, "nats.conf"), local);
  let stderr = "";
  const child = spawn(bin as string, ["--config", join(dir, "nats.conf")], { env: { ...process.env, SERVER_NAME: "maat-nats-0" }, stdio: ["ignore", "ignore", "pipe"] });
  children.push(child);
  child.stderr?.on("data", (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  const until = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nats-server exited with ${child.exitCode}: ${stderr}`);
    // The probes' endpoint: 200 once JetStream is up.
    const health = await httpGet(`http://127.0.0.1:${monitor}/healthz?js-enabled-only=true`).catch(() => null);
    if (health?.status === 200) break;
    if (Date.now() > until) throw new Error(`nats-server not healthy within 15 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const varz = JSON.parse((await httpGet(`http://127.0.0.1:${monitor}/varz`)).body) as Record<string, unknown>;
  const jsz = JSON.parse((await httpGet(`http://127.0.0.1:${monitor}/jsz`)).body) as Record<string, unknown>;
  return { varz, jsz };
}

describe.skipIf(bin === null)("the deployed nats.conf runs nats-server with JetStream", () => {
  it("k8s/nats-config.yaml", async () => {
    const conf = baseObjects().find((o) => o.kind === "ConfigMap" && o.metadata.name === "maat-nats-config")?.data?.["nats.conf"] ?? "";
    const { varz, jsz } = await startDeployed(conf);
    expect(varz.server_name).toBe("maat-nats-0");
    expect((jsz.config as { max_memory: number }).max_memory).toBe(256 * 1024 * 1024);
    expect((jsz.config as { max_storage: number }).max_storage).toBe(9 * 1024 * 1024 * 1024);
  });

  it("helm/maat/templates/nats-config.yaml with values.yaml's defaults", async () => {
    const values = parse(readFileSync(resolve(repoRoot, "helm/maat/values.yaml"), "utf8")) as { nats: { jetstream: { maxMemoryStore: string; maxFileStore: string } } };
    const template = readFileSync(resolve(repoRoot, "helm/maat/templates/nats-config.yaml"), "utf8");
    const body = /nats\.conf: \|\n([\s\S]*?)\n\{\{-/.exec(template)?.[1] ?? "";
    const conf = body.replace(/^ {4}/gm, "")
      .replace("{{ .Values.nats.jetstream.maxMemoryStore }}", values.nats.jetstream.maxMemoryStore)
      .replace("{{ .Values.nats.jetstream.maxFileStore }}", values.nats.jetstream.maxFileStore);
    expect(conf).not.toContain("{{");
    const { varz, jsz } = await startDeployed(conf);
    expect(varz.server_name).toBe("maat-nats-0");
    expect((jsz.config as { max_memory: number }).max_memory).toBe(256 * 1024 * 1024);
  });
});

