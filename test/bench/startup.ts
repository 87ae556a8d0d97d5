/**
 * Start-up (`make bench ONLY=startup`): whole-process wall time of `maat --version`, help and
 * `maat resolve` on the peer cases beside `node -e 0` (Node's own floor) in one run, and where a
 * `maat resolve` process spends its time before and during solving (test/support/startup-phases.ts,
 * wall and CPU per phase, modules loaded). Measures; asserts nothing.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { PEER_CASES } from "../peers/peer-cases.js";
import { repoRoot, SHARED_MISSING, sharedData } from "../support/shared-data.js";

const run = promisify(execFile);
const RUNS = 9;
const maat = join(repoRoot, "bin/maat");

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function wallMs(args: readonly string[]): Promise<number> {
  const t0 = performance.now();
  await run(process.execPath, args, { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return performance.now() - t0;
}

/** Median wall time of each command line, the runs interleaved so that load drifts hit all alike. */
async function interleaved(lines: readonly (readonly string[])[]): Promise<number[]> {
  const samples = lines.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++) for (const [k, line] of lines.entries()) samples[k].push(await wallMs(line));
  return samples.map(median);
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
  const walls = await interleaved(lines);
  const floor = walls[0];
  const names = [...fixed.map(([name]) => name), ...cases.map((c) => `maat resolve ${c.requirements.join(" ")} (${c.name})`)];
  const rows = names.map((name, k) => `| ${name} | ${walls[k].toFixed(0)} | ${(walls[k] - floor).toFixed(0)} |`);
  const sections = [
    "## Start-up (`make bench ONLY=startup`)",
    "",
    `Whole process, wall ms, median of ${RUNS} runs interleaved (\`node bin/maat ...\`, output to a pipe); "over Node" subtracts \`node -e 0\` of the same run.`,
    "",
    "| command | wall ms | over Node ms |",
    "| --- | ---: | ---: |",
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
