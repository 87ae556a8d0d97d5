/**
 * `maat advise` on a real pseudo-terminal (test/support/pty-run.py, python3's pty module): the
 * progress line fits 80 columns and is redrawn at most 12 times a second, Ctrl-C mid-search prints
 * the stacks found so far marked interrupted and exits 130, colour follows the terminal and NO_COLOR.
 */
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { maatBin, runMaat } from "../../../test/support/maat-cli.js";
import { repoRoot, sharedData } from "../../../test/support/shared-data.js";
import { tempDir } from "../../../test/support/temp-dir.js";

const prescriptions = sharedData("thoth-prescriptions.tar.gz");
const tf21 = sharedData("pypi-graphs", "tf21-graph.json");

interface PtyRun {
  readonly status: number | null;
  /** [ms since start, bytes] as the terminal received them. */
  readonly chunks: readonly (readonly [number, Buffer])[];
}

function onPty(args: readonly string[], options: { cols?: number; stdout?: string; interruptOn?: string; interruptDelay?: number; env: NodeJS.ProcessEnv }): Promise<PtyRun> {
  const flags = ["--cols", String(options.cols ?? 80), "--timeout", "100"];
  if (options.stdout !== undefined) flags.push("--stdout", options.stdout);
  if (options.interruptOn !== undefined) flags.push("--interrupt-on", options.interruptOn, "--interrupt-delay", String(options.interruptDelay ?? 0));
  return new Promise((resolve, reject) => {
    execFile("python3", [join(repoRoot, "test/support/pty-run.py"), ...flags, "--", process.execPath, maatBin, ...args], { env: options.env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      if (error) return reject(error);
      const r = JSON.parse(stdout) as { status: number | null; chunks: [number, string][] };
      resolve({ status: r.status, chunks: r.chunks.map(([t, b]) => [t, Buffer.from(b, "base64")] as const) });
    });
  });
}

const plain = (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
const terminalText = (r: PtyRun) => Buffer.concat(r.chunks.map(([, b]) => b)).toString("utf8");

/** A snapshot whose search takes long: 60 packages of 8 versions each under one root. */
function slowSnapshot(dir: string): string {
  const graph: Record<string, Record<string, { requires_dist: string[] }>> = { app: { "1.0": { requires_dist: Array.from({ length: 60 }, (_, i) => `lib-${i}`) } } };
  for (let i = 0; i < 60; i += 1) graph[`lib-${i}`] = Object.fromEntries(Array.from({ length: 8 }, (_, v) => [`${v + 1}.0`, { requires_dist: v % 3 === 0 && i > 0 ? [`lib-${i - 1}>=${v}`] : [] }]));
  const file = join(dir, "slow.json");
  writeFileSync(file, JSON.stringify(graph));
  return file;
}

/**
 * A snapshot whose proof takes long: 50 packages of 16 versions, each version asking for a range
 * of some of 4 shared packages, and random scores for every release (--scores, with recency off).
 */
function slowProofSnapshot(dir: string): { index: string; scores: string } {
  let x = 5;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const graph: Record<string, Record<string, { requires_dist: string[] }>> = { app: { "1.0": { requires_dist: Array.from({ length: 50 }, (_, i) => `lib-${i}`) } } };
  for (let c = 0; c < 4; c++) graph[`core-${c}`] = Object.fromEntries(Array.from({ length: 10 }, (_, v) => [`${v + 1}.0`, { requires_dist: [] }]));
  for (let i = 0; i < 50; i++) {
    graph[`lib-${i}`] = Object.fromEntries(Array.from({ length: 16 }, (_, v) => {
      const requires: string[] = [];
      for (let c = 0; c < 4; c++) {
        if (rnd() < 0.5) {
          const lo = 1 + Math.floor(rnd() * 8);
          requires.push(`core-${c}>=${lo},<=${lo + 2}`);
        }
      }
      return [`${v + 1}.0`, { requires_dist: requires }];
    }));
  }
  const scores = Object.fromEntries(Object.entries(graph).map(([n, releases]) => [n, Object.fromEntries(Object.keys(releases).map((v) => [v, 2 * rnd() - 1]))]));
  const index = join(dir, "slow-proof.json");
  const scoresFile = join(dir, "slow-proof-scores.json");
  writeFileSync(index, JSON.stringify(graph));
  writeFileSync(scoresFile, JSON.stringify(scores));
  return { index, scores: scoresFile };
}

describe("maat advise on a terminal", () => {
  const dir = tempDir("maat-terminal-");
  const index = slowSnapshot(dir);
  const env: NodeJS.ProcessEnv = { ...process.env, MAAT_STORE: join(dir, "store", "knowledge.sqlite") };
  delete env.NO_COLOR;
  const search = ["advise", "--index", index, "--python", "3.12", "--budget", "1000000000", "--predictor", "random-walk", "app"];

  it("draws a progress line that fits 80 columns, at most 12 frames a second, and says why the search stopped", async () => {
    const out = join(dir, "report.txt");
    const r = await onPty([...search, "--timeout", "4"], { stdout: out, env });
    expect(r.status).toBe(0);
    const text = terminalText(r);
    for (const line of plain(text).split(/[\r\n]/)) expect(line.length, JSON.stringify(line)).toBeLessThanOrEqual(80);
    const frames: number[] = [];
    for (const [t, bytes] of r.chunks) for (const piece of bytes.toString("utf8").split("\r").slice(1)) if (piece.trim() !== "" && !piece.startsWith("\n")) frames.push(t);
    expect(frames.length).toBeGreaterThanOrEqual(10);
    const perSecond = Math.max(...frames.map((t) => frames.filter((u) => u >= t && u < t + 1000).length));
    expect(perSecond).toBeLessThanOrEqual(12);
    expect(plain(text)).toMatch(/searching  \[[#.]{10,20}\]  [\d,]+\/1,000,000,000  best -?\d+\.\d{4}  [\d,]+\/s  ~\d/);
    const report = readFileSync(out, "utf8");
    expect(report).toMatch(/^Search stopped at the --timeout after [\d,]+ stacks scored/);
    expect(report).not.toContain("\x1b[");
  }, 120_000);

  it("stops the search on Ctrl-C, prints the best stacks found so far marked interrupted, and exits 130", async () => {
    const out = join(dir, "interrupted.txt");
    const r = await onPty(search, { stdout: out, interruptOn: "searching", interruptDelay: 1, env });
    expect(r.status, terminalText(r)).toBe(130);
    const report = readFileSync(out, "utf8");
    expect(report).toMatch(/^Search interrupted \(Ctrl-C\) after [\d,]+ stacks scored .*: these are the best stacks found so far\./);
    expect(report).toMatch(/^package +#1 +#2 +#3$/m);
    expect(report.trimEnd().split("\n").at(-1)).toMatch(/; interrupted \(Ctrl-C\)$/);
    expect(terminalText(r)).not.toMatch(/internal error/);
  }, 120_000);

  it("the default (auto) shows its proof on the progress line, and Ctrl-C during the proof prints exact's best stacks marked interrupted", async () => {
    const slow = slowProofSnapshot(dir);
    const out = join(dir, "interrupted-proof.txt");
    const args = ["advise", "--index", slow.index, "--python", "3.12", "--scores", slow.scores, "--weight", "recency=0", "--budget", "1000000000", "app"];
    const r = await onPty(args, { stdout: out, interruptOn: "nodes, best", interruptDelay: 1, env });
    expect(r.status, terminalText(r)).toBe(130);
    expect(plain(terminalText(r))).toMatch(/proving the optimum: [\d,]+ nodes, best -?\d+\.\d{4}/);
    const report = readFileSync(out, "utf8");
    expect(report).toMatch(/^Search interrupted \(Ctrl-C\) after [\d,]+ stacks scored .*: these are the best stacks found so far\./);
    expect(report).toMatch(/^package +#1 +#2 +#3$/m);
    expect(report).toMatch(/^#1 is proven within \d+\.\d{4} of the optimum \(no stack scores more than -?\d+\.\d{4}\)\.$/m);
    expect(report.trimEnd().split("\n").at(-1)).toMatch(/^auto \(exact\): .*; interrupted \(Ctrl-C\)$/);
  }, 120_000);

  it.skipIf(prescriptions === null || tf21 === null)("shows how far loading prescriptions has come the first time (a cold cache)", async () => {
    const cold: NodeJS.ProcessEnv = { ...env, MAAT_STORE: join(tempDir("maat-cold-"), "knowledge.sqlite") };
    const r = await onPty(["advise", "--index", tf21!, "--python", "3.7", "--prescriptions", prescriptions!, "--predictor", "latest", "--budget", "10", "tensorflow==2.1.0"],
      { stdout: join(dir, "cold.txt"), env: cold });
    expect(r.status).toBe(0);
    expect(plain(terminalText(r))).toMatch(/\rloading knowledge: prescriptions: [\d,]+ files read  \d/);
  }, 120_000);

  it("colours the report on a terminal, not with NO_COLOR, not on a pipe; no progress on a pipe", async () => {
    const short = ["advise", "--index", index, "--python", "3.12", "--budget", "300", "app"];
    const coloured = terminalText(await onPty(short, { env }));
    expect(coloured).toContain("\x1b[32m");
    const noColor = terminalText(await onPty(short, { env: { ...env, NO_COLOR: "1" } }));
    expect(noColor).not.toMatch(/\x1b\[\d+m/);
    const piped = await runMaat(short, { env });
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).not.toContain("\x1b[");
    expect(piped.stderr).not.toMatch(/[\r\x1b]/);
  }, 120_000);
});
