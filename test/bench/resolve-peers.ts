/**
 * Side by side: Maat's resolver against resolvelib (the engine inside pip, test/peers/resolvelib-peer.py
 * on the same snapshot and environment) and against real pip (`pip install --dry-run --report`
 * against `maat mirror serve`). Whole-process wall time, solve time in process, their ratios, and
 * Maat's decisions, conflicts and backjumps. Measures; asserts nothing.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { environmentFor } from "../../core/pep508/index.js";
import { resolveRequest, type ResolutionStats } from "../../core/resolution/index.js";
import { MirrorServer } from "../../adapters/mirror/index.js";
import { loadGraphFile } from "../../adapters/snapshot/index.js";
import { PEER_CASES, type PeerCase } from "../peers/peer-cases.js";
import { repoRoot, SHARED_MISSING, sharedData } from "../support/shared-data.js";

const run = promisify(execFile);
const PIP_TIMEOUT_MS = 120_000;
const PEER_TIMEOUT_S = 300;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function wall(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** A whole `maat resolve` process; exit 1 is an answer too (no stack, explained), as uv's. */
async function maatProcess(c: PeerCase, index: string): Promise<number> {
  return wall(() => run(process.execPath, [join(repoRoot, "bin/maat"), "resolve", "--format", "json", "--python", c.python, "--index", index, ...c.requirements], { timeout: 120_000 })
    .catch((error: { code?: unknown; stdout?: string }) => {
      if (error.code === 1 && error.stdout?.includes('"satisfiable":false')) return;
      throw error;
    }));
}

async function maatInProcess(c: PeerCase, index: string): Promise<{ solveMs: number; compileMs: number; stats: ResolutionStats; satisfiable: boolean }> {
  const catalog = loadGraphFile(index);
  const environment = environmentFor({ python: c.python, platform: "linux" });
  const samples: { total: number; compile: number; solve: number; stats: ResolutionStats; satisfiable: boolean }[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    const out = await resolveRequest(catalog, { requirements: c.requirements, environment }, { now: () => performance.now() });
    const total = performance.now() - t0;
    if (!out.ok) throw new Error(`${c.name}: ${out.error.message}`);
    if (i > 0) samples.push({ total, compile: out.value.resolution.stats.compile_ms, solve: out.value.resolution.stats.solve_ms, stats: out.value.resolution.stats, satisfiable: out.value.resolution.satisfiable });
  }
  const best = samples.sort((a, b) => a.total - b.total)[Math.floor(samples.length / 2)];
  return { solveMs: best.total, compileMs: best.compile, stats: best.stats, satisfiable: best.satisfiable };
}

async function peer(c: PeerCase, index: string): Promise<{ processMs: number; solveMs: number; answer: string }> {
  let out = "";
  const processMs = await wall(async () => {
    const r = await run("python3", [join(repoRoot, "test/peers/resolvelib-peer.py"), "--index", index, "--python", c.python, "--timeout", String(PEER_TIMEOUT_S), ...c.requirements], { timeout: (PEER_TIMEOUT_S + 30) * 1000 });
    out = r.stdout;
  });
  const parsed = JSON.parse(out);
  return { processMs, solveMs: parsed.solve_ms, answer: parsed.satisfiable === null ? parsed.error : String(parsed.satisfiable) };
}

async function pip(c: PeerCase, index: string): Promise<string> {
  const catalog = loadGraphFile(index);
  const server = new MirrorServer({ catalog, projects: () => catalog.projects(), displayName: (n) => catalog.displayName(n) }, { port: 0 });
  const url = await server.start();
  const tmp = mkdtempSync(join(tmpdir(), "maat-bench-pip-"));
  const env: NodeJS.ProcessEnv = { ...process.env, PIP_CONFIG_FILE: "/dev/null" };
  for (const k of ["PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL", "PIP_CONSTRAINT", "PIP_INDEX_URL"]) delete env[k];
  try {
    const ms = await wall(() => run("python3", ["-m", "pip", "install", "--isolated", "--dry-run", "--ignore-installed", "--no-cache-dir", "--quiet",
      "--report", join(tmp, "report.json"), "--python-version", c.python, "--only-binary=:all:", "--target", join(tmp, "target"),
      "--index-url", url, ...c.requirements], { env, timeout: PIP_TIMEOUT_MS }));
    const installed = (JSON.parse(readFileSync(join(tmp, "report.json"), "utf8")).install as unknown[]).length;
    return `${(ms / 1000).toFixed(2)} s (${installed} pkgs)`;
  } catch (error) {
    const e = error as { killed?: boolean; stderr?: string };
    if (e.killed) return `> ${PIP_TIMEOUT_MS / 1000} s`;
    return /ResolutionImpossible|conflict|No matching distribution/i.test(e.stderr ?? "") ? "impossible" : "error";
  } finally {
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

export async function bench(): Promise<string> {
  const data = sharedData();
  if (data === null) return `## Resolver side by side\n\n${SHARED_MISSING}`;
  const rows: string[] = [];
  for (const c of PEER_CASES) {
    const index = join(data, c.index);
    const inProcess = await maatInProcess(c, index);
    const processMs = median([await maatProcess(c, index), await maatProcess(c, index), await maatProcess(c, index)]);
    const rl = await peer(c, index);
    const pipTime = await pip(c, index);
    const s = inProcess.stats;
    rows.push(`| ${c.name} | ${inProcess.satisfiable ? "yes" : "no"} | ${rl.answer} | ${inProcess.solveMs.toFixed(1)} | ${inProcess.compileMs.toFixed(1)} | ${rl.solveMs.toFixed(1)} | **${(rl.solveMs / inProcess.solveMs).toFixed(1)}×** | ${processMs.toFixed(0)} | ${rl.processMs.toFixed(0)} | **${(rl.processMs / processMs).toFixed(1)}×** | ${pipTime} | ${s.decisions} / ${s.conflicts} / ${s.backjumps} |`);
  }
  return [
    "## Resolver side by side (`make bench ONLY=resolve-peers`)",
    "",
    "Maat solve = compile (on demand: the packages and versions the resolver asks for) + resolution, in process with the snapshot loaded (median of 5 warm runs). resolvelib solve = its `resolve()` with the snapshot loaded (requirements parsed lazily). Process = wall time of the whole command (Maat: median of 3; resolvelib: one run). pip = `pip install --dry-run --report --python-version X --only-binary=:all: --target` against `maat mirror serve` (pip evaluates markers for the running Python 3.11, so its set can differ). Maat d/c/b = decisions / conflicts / backjumps.",
    "",
    "| case | Maat sat | resolvelib sat | Maat solve ms | of which compile ms | resolvelib solve ms | solve ratio | Maat process ms | resolvelib process ms | process ratio | pip process | Maat d/c/b |",
    "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ...rows,
  ].join("\n");
}
