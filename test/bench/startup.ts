/**
 * Start-up (`make bench ONLY=startup`): whole-process wall time of `maat --version`, help and
 * `maat resolve` on the peer cases beside `node -e 0` (Node's own floor) in one run, and where a
 * `maat resolve` process spends its time before and during solving (test/support/startup-phases.ts,
 * wall and CPU per phase, modules loaded). Measures; asserts nothing.
 */
import { execFile, spawnSync } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { PEER_CASES } from "../peers/peer-cases.js";
import { repoRoot, SHARED_MISSING, sharedData } from "../support/shared-data.js";

const run = promisify(execFile);
const RUNS = 9;
const maat = join(repoRoot, "bin/maat");

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Whether `perf stat` can count a child's CPU time here (task-clock: user + system of every thread). */
const perf = spawnSync("perf", ["stat", "-x,", "-e", "task-clock", "true"], { encoding: "utf8", timeout: 10_000 }).stderr?.includes("task-clock") ?? false;

interface Sample {
  readonly wall: number;
  /** NaN without perf. */
  readonly cpu: number;
}

/** Exit 1 with an explained impossible resolve is an answer (uv's exit codes), not a failure. */
const answered = (p: Promise<{ stderr: string }>) => p.catch((error: { code?: unknown; stdout?: string; stderr?: string }) => {
  if (error.code === 1 && error.stdout?.includes('"satisfiable":false')) return { stderr: error.stderr ?? "" };
  throw error;
});

async function sample(args: readonly string[]): Promise<Sample> {
  const t0 = performance.now();
  const options = { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 };
  if (!perf) {
    await answered(run(process.execPath, args, options));
    return { wall: performance.now() - t0, cpu: NaN };
  }
  const { stderr } = await answered(run("perf", ["stat", "-x,", "-e", "task-clock", process.execPath, ...args], options));
  const line = stderr.split("\n").find((l) => l.includes("task-clock"));
  return { wall: performance.now() - t0, cpu: line === undefined ? NaN : Number(line.split(",")[0]) };
}

/** Median wall and CPU time of each command line, the runs interleaved so that load drifts hit all alike. */
async function interleaved(lines: readonly (readonly string[])[]): Promise<Sample[]> {
  const samples = lines.map(() => [] as Sample[]);
  for (let i = 0; i < RUNS; i++) for (const [k, line] of lines.entries()) samples[k].push(await sample(line));
  return samples.map((xs) => ({ wall: median(xs.map((x) => x.wall)), cpu: median(xs.map((x) => x.cpu)) }));
}

interface Phase {
  readonly phase: string;
  readonly wall_ms: number;
  readonly cpu_ms: number;
}

async function phases(index: string, python: string, requirements: readonly string[]): Promise<Phase[]> {
  const script = join(repoRoot, "dist/test/support/startup-phases.js");
  const runs: Phase[][] = [];
  for (let i = 0; i < RUNS; i++) {
    const { stdout } = await run(process.execPath, [script, index, python, ...requirements], { timeout: 120_000 });
    runs.push((JSON.parse(stdout) as { phases: Phase[] }).phases);
  }
  return runs[0].map((p, k) => ({ phase: p.phase, wall_ms: median(runs.map((r) => r[k].wall_ms)), cpu_ms: median(runs.map((r) => r[k].cpu_ms)) }));
}

export async function bench(): Promise<string> {
  const data = sharedData();
  if (data === null) return `## Start-up\n\n${SHARED_MISSING}`;
  const fixed: [string, string[]][] = [
    ["node -e 0 (Node's floor)", ["-e", "0"]],
    ["maat --version", [maat, "--version"]],
    ["maat resolve --help", [maat, "resolve", "--help"]],
    ["maat --help", [maat, "--help"]],
  ];
  const cases = PEER_CASES.filter((c) => !c.hard);
  const lines = [
    ...fixed.map(([, args]) => args),
    ...cases.map((c) => [maat, "resolve", "--format", "json", "--python", c.python, "--index", join(data, c.index), ...c.requirements]),
  ];
  const times = await interleaved(lines);
  const floor = times[0];
  const names = [...fixed.map(([name]) => name), ...cases.map((c) => `maat resolve ${c.requirements.join(" ")} (${c.name})`)];
  const ms = (x: number) => (Number.isNaN(x) ? "n/a" : x.toFixed(0));
  const rows = names.map((name, k) => `| ${name} | ${ms(times[k].wall)} | ${ms(times[k].wall - floor.wall)} | ${ms(times[k].cpu)} | ${ms(times[k].cpu - floor.cpu)} |`);
  const sections = [
    "## Start-up (`make bench ONLY=startup`)",
    "",
    `Whole process, median of ${RUNS} runs interleaved (\`node bin/maat ...\`, output to a pipe); CPU = \`perf stat -e task-clock\` (user + system, every thread; n/a without perf), steadier than wall time on a loaded machine; "over Node" subtracts \`node -e 0\` of the same run.`,
    "",
    "| command | wall ms | wall over Node | CPU ms | CPU over Node |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...rows,
  ];
  for (const c of cases.filter((x) => x.name === "chalice" || x.name === "tensorflow==2.1.0")) {
    const ps = await phases(join(data, c.index), c.python, c.requirements);
    sections.push(
      "",
      `Where \`maat resolve\` spends its time on ${c.name} (test/support/startup-phases.ts in a fresh process, median of ${RUNS}; CPU = user + system of the process, helper threads included):`,
      "",
      "| phase | wall ms | CPU ms |",
      "| --- | ---: | ---: |",
      ...ps.map((p) => `| ${p.phase} | ${p.wall_ms.toFixed(1)} | ${p.cpu_ms.toFixed(1)} |`),
    );
  }
  return sections.join("\n");
}
