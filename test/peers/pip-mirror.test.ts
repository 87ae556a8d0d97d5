/**
 * Real pip against `maat mirror`: pip resolves chalice from the 2020 snapshot through the mirror
 * (PEP 691 JSON, PEP 658 metadata, stub wheels) and must pick the resolvelib case's `resolved` set.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalVersion, MirrorServer } from "../../adapters/mirror/index.js";
import { loadGraphFile } from "../../adapters/snapshot/index.js";
import { isolatedPipEnv } from "../support/pip-env.js";

const shared = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "shared", "data");
const index = join(shared, "pypi-2020", "index", "pypi-2020-02-13-chalice.json");
const hasShared = existsSync(index);
if (!hasShared) console.warn(`skipping the pip peer test: ${index} is absent (no ../shared next to the repository)`);

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** Runs a command with a deadline; kills only the child it started. */
function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv, deadlineMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command} ${args.join(" ")} did not finish within ${deadlineMs} ms\n${stderr}`));
    }, deadlineMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    });
  });
}

describe.skipIf(!hasShared)("real pip through the mirror (chalice, 2020 snapshot)", () => {
  let server: MirrorServer;
  let url: string;
  let tmp: string;
  beforeAll(async () => {
    const catalog = loadGraphFile(index);
    server = new MirrorServer({ catalog, projects: () => catalog.projects(), displayName: (n) => catalog.displayName(n) }, { port: 0 });
    url = await server.start();
    tmp = mkdtempSync(join(tmpdir(), "maat-pip-"));
  });
  afterAll(async () => {
    await server?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("pip's resolution equals the case's resolved set", async () => {
    const report = join(tmp, "report.json");
    const args = ["-m", "pip", "install", "--isolated", "--dry-run", "--ignore-installed", "--no-cache-dir", "--quiet", "--timeout", "20", "--report", report, "--index-url", url.replace(/\/$/, ""), "chalice"];
    const result = await run("python3", args, isolatedPipEnv(), 240_000);
    expect(result.code, result.stderr).toBe(0);
    console.log(`pip resolved chalice through the mirror in ${result.seconds.toFixed(2)} s`);
    const installed = (JSON.parse(readFileSync(report, "utf8")) as { install: { metadata: { name: string; version: string } }[] }).install;
    const got = Object.fromEntries(installed.map((i) => [i.metadata.name.toLowerCase().replace(/[-_.]+/g, "-"), releaseKey(i.metadata.version)]));
    const expected = (JSON.parse(readFileSync(join(shared, "pypi-2020", "case", "chalice.json"), "utf8")) as { resolved: Record<string, { version: string }> }).resolved;
    const want = Object.fromEntries(Object.entries(expected).map(([n, v]) => [n.toLowerCase().replace(/[-_.]+/g, "-"), releaseKey(v.version)]));
    expect(got).toEqual(want);
  }, 300_000);
});

/** A version compared as PEP 440 does: normalized, trailing zero release segments dropped (7.0.0 == 7.0). */
function releaseKey(version: string): string {
  const v = canonicalVersion(version) ?? version;
  return v.replace(/^((?:\d+!)?\d+(?:\.\d+)*?)(?:\.0)+(?=$|[^.\d])/, "$1");
}
