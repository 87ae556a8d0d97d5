/** Output through a real pipe: a slow reader gets every byte of a report larger than 1 MiB (needs `npm run build`). */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { maatBin } from "../test/support/maat-cli.js";
import { tempDir } from "../test/support/temp-dir.js";

/** A snapshot whose advise report is large: a root that needs `width` packages of two versions each. */
function wideSnapshot(dir: string, width: number): string {
  const none = { requires_python: null, upload_time: null, yanked: null };
  const graph: Record<string, Record<string, unknown>> = {
    app: { "1.0": { requires_dist: Array.from({ length: width }, (_, i) => `pkg-${i}`), ...none } },
  };
  for (let i = 0; i < width; i += 1) graph[`pkg-${i}`] = { "1.0": { requires_dist: [], ...none }, "2.0": { requires_dist: [], ...none } };
  const file = join(dir, "wide.json");
  writeFileSync(file, JSON.stringify(graph));
  return file;
}

/** Reads stdin slowly (it starts late, then takes 8 KiB every 2 ms) into argv[1]. */
const SLOW_READER = `
import sys, time
time.sleep(0.5)
with open(sys.argv[1], "wb") as out:
    while True:
        chunk = sys.stdin.buffer.read1(8192)
        if not chunk:
            break
        out.write(chunk)
        time.sleep(0.002)
`;

/** `maat ARGS | python3 slow-reader OUT` in a shell, with both exit codes. */
function pipeToSlowReader(args: readonly string[], out: string, env: NodeJS.ProcessEnv): Promise<{ codes: number[]; stderr: string }> {
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const reader = join(out, "..", "slow-reader.py");
  writeFileSync(reader, SLOW_READER);
  const script = `${[process.execPath, maatBin, ...args].map(quote).join(" ")} | python3 ${quote(reader)} ${quote(out)}; echo "codes \${PIPESTATUS[*]}" >&2`;
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", script], { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", reject);
    child.on("close", () => {
      clearTimeout(timer);
      const codes = /codes ([\d ]+)/.exec(stderr)?.[1].trim().split(" ").map(Number) ?? [];
      resolve({ codes, stderr });
    });
  });
}

describe("maat output through a pipe", () => {
  const dir = tempDir("maat-pipe-");
  const index = wideSnapshot(dir, 3000);
  const env = { ...process.env, MAAT_STORE: join(dir, "store", "knowledge.sqlite"), NO_COLOR: "1" };
  const advise = ["advise", "--index", index, "--python", "3.12", "--predictor", "mcts", "--budget", "300", "--seed", "1", "app"];

  it("hands a slow reader the whole JSON report (over 1 MiB)", async () => {
    const out = join(dir, "report.json");
    const r = await pipeToSlowReader([...advise, "--count", "10", "--format", "json"], out, env);
    expect(r.codes, r.stderr).toEqual([0, 0]);
    const bytes = readFileSync(out);
    expect(bytes.length).toBeGreaterThan(1024 * 1024);
    const report = JSON.parse(bytes.toString("utf8"));
    expect(report.products).toHaveLength(10);
    expect(Object.keys(report.products[9].packages)).toHaveLength(3001);
  });

  it("hands a slow reader the whole text report (over 1 MiB)", async () => {
    const out = join(dir, "report.txt");
    const r = await pipeToSlowReader([...advise, "--count", "50"], out, env);
    expect(r.codes, r.stderr).toEqual([0, 0]);
    const text = readFileSync(out, "utf8");
    expect(text.length).toBeGreaterThan(1024 * 1024);
    expect(text.trimEnd().split("\n").at(-1)).toMatch(/^mcts: 300 stacks scored/);
  });

  it("ends quietly when the reader closes its end early", async () => {
    const r = await new Promise<{ code: number | null; stderr: string; got: number }>((resolve) => {
      const child = spawn("bash", ["-c", `set -o pipefail; ${[process.execPath, maatBin, ...advise, "--count", "10", "--format", "json"].map((s) => `'${s}'`).join(" ")} | head -c 100 | wc -c`], { env });
      let stderr = "";
      let stdout = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.on("close", (code) => resolve({ code, stderr, got: Number(stdout.trim()) }));
    });
    expect(r.got).toBe(100);
    expect(r.stderr).not.toMatch(/internal error|EPIPE/);
  });
});
