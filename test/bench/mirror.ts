/**
 * Snapshot loading and the mirror: time to open graph JSON snapshots (parse + outer checks),
 * time to check every version of every project, time to build a served project (wheels, hashes,
 * metadata), cached page throughput over loopback, and real pip resolving chalice through the mirror.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildServedProject, MirrorServer } from "../../adapters/mirror/index.js";
import { loadGraphFile } from "../../adapters/snapshot/index.js";

const here = dirname(fileURLToPath(import.meta.url));

/** `../shared/data` beside the repository root (the nearest folder up with a package.json), or null. */
function findShared(): string | null {
  let dir = here;
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
  const data = join(dir, "..", "shared", "data");
  return existsSync(data) ? data : null;
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function pip(url: string, deadlineMs: number): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, PIP_CONFIG_FILE: "/dev/null" };
  for (const k of ["PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL", "PIP_CONSTRAINT", "PIP_INDEX_URL"]) delete env[k];
  const tmp = mkdtempSync(join(tmpdir(), "maat-bench-pip-"));
  const args = ["-m", "pip", "install", "--isolated", "--dry-run", "--ignore-installed", "--no-cache-dir", "--quiet", "--report", join(tmp, "r.json"), "--index-url", url, "chalice"];
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn("python3", args, { env, stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), deadlineMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      rmSync(tmp, { recursive: true, force: true });
      if (code === 0) resolve(ms(t0) / 1000);
      else reject(new Error(`pip exited ${code}`));
    });
  });
}

export async function bench(): Promise<string> {
  const data = findShared();
  if (data === null) return "## Snapshots and mirror\n\nSkipped: ../shared/data is absent.";
  const files = ["pypi-2020/index/pypi-2020-02-15-pandas.json", "pypi-2020/index/pypi-2020-02-13-chalice.json", "pypi-graphs/tf21-graph.json", "pypi-graphs/flask-graph.json"];
  const rows: string[] = [];
  for (const rel of files) {
    const path = join(data, rel);
    const loads: number[] = [];
    const checks: number[] = [];
    let projects = 0;
    let versions = 0;
    for (let i = 0; i < 7; i++) {
      let t0 = process.hrtime.bigint();
      const c = loadGraphFile(path);
      loads.push(ms(t0));
      t0 = process.hrtime.bigint();
      projects = 0;
      versions = 0;
      for (const p of c.projects()) {
        const v = c.versionsSync(p);
        if (v.kind !== "found") continue;
        projects++;
        for (const info of v.value) if (c.metadataSync(p, info.version).kind === "found") versions++;
      }
      checks.push(ms(t0));
    }
    rows.push(`| ${rel.split("/").pop()} | ${projects} | ${versions} | ${median(loads).toFixed(1)} | ${median(checks).toFixed(1)} |`);
  }

  const chalice = loadGraphFile(join(data, "pypi-2020/index/pypi-2020-02-13-chalice.json"));
  const botocore = chalice.versionsSync("botocore");
  const nBotocore = botocore.kind === "found" ? botocore.value.length : 0;
  let t0 = process.hrtime.bigint();
  await buildServedProject(chalice, "botocore", "botocore", () => {});
  const buildBotocore = ms(t0);
  t0 = process.hrtime.bigint();
  for (const p of chalice.projects()) await buildServedProject(chalice, p, p, () => {});
  const buildAll = ms(t0);

  const server = new MirrorServer({ catalog: chalice, projects: () => chalice.projects() });
  const url = await server.start();
  let pipSeconds: number | null = null;
  let pageRate = 0;
  try {
    await fetch(`${url}botocore/`).then((r) => r.arrayBuffer());
    const n = 300;
    t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await fetch(`${url}six/`, { headers: { Accept: "application/vnd.pypi.simple.v1+json" } }).then((r) => r.arrayBuffer());
    pageRate = n / (ms(t0) / 1000);
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) runs.push(await pip(url.replace(/\/$/, ""), 240_000));
    pipSeconds = median(runs);
  } catch (error) {
    pipSeconds = null;
    process.stderr.write(`mirror bench: pip run failed: ${(error as Error).message}\n`);
  } finally {
    await server.stop();
  }

  return [
    "## Snapshots and mirror",
    "",
    "Graph JSON snapshots: `load` is `loadGraphFile` (read, JSON.parse, outer checks, names normalized); `check all` asks every project's versions and every version's metadata (per-version checks run here, lazily). Medians of 7.",
    "",
    "| snapshot | projects | versions | load (ms) | check all (ms) |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...rows,
    "",
    "Mirror over the chalice snapshot (255 projects):",
    "",
    "| measure | value |",
    "| --- | ---: |",
    `| build botocore's served project (${nBotocore} versions: METADATA, wheel zip, 2 sha256 each) | ${buildBotocore.toFixed(0)} ms |`,
    `| build every project's served files | ${buildAll.toFixed(0)} ms |`,
    `| cached JSON project page, sequential fetches over loopback | ${pageRate.toFixed(0)} /s |`,
    `| real pip \`install --dry-run --report\` chalice through the mirror (median of 3) | ${pipSeconds === null ? "failed" : pipSeconds.toFixed(2) + " s"} |`,
  ].join("\n");
}
