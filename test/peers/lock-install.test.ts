/**
 * Peers: the lock files Maat writes, installed by the real tools from `maat mirror serve` on
 * loopback (the mirror serves stub distributions and publishes their hashes; Maat locks against
 * the mirror's URL, so the hashes are the index's). pip --require-hashes (the newer pip on PATH and
 * Debian's python3-pip 23.0.1, which PEP 714 matters to) installs exactly the locked set, for a lock
 * from `maat advise --lock` and from `maat resolve` stdout; Debian's pipenv installs exactly a
 * Pipfile.lock's set (`pipenv install --deploy`); pylock.toml follows PEP 751 (a Python reading of
 * its rules) and `--locked` keeps its pins. Needs only examples/ (no ../shared); each tool absent
 * skips its test with a message (`make setup` installs them).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readLockedPins } from "../../adapters/formats/index.js";
import { MirrorServer } from "../../adapters/mirror/index.js";
import { loadGraphFile } from "../../adapters/snapshot/index.js";
import { runMaat } from "../support/maat-cli.js";
import { repoRoot } from "../support/shared-data.js";
import { tempDir } from "../support/temp-dir.js";
import { isolatedPipEnv } from "../support/pip-env.js";

const graph = join(repoRoot, "examples/flask/flask-graph.json");

interface Pip {
  readonly label: string;
  readonly python: string;
  readonly version: string;
}

/** A pip that runs here (`python -m pip --version`), or null with the reason. */
function pipOf(label: string, python: string): Pip | string {
  const r = spawnSync(python, ["-m", "pip", "--version"], { encoding: "utf8", timeout: 30_000, env: isolatedPipEnv() });
  if (r.error !== undefined || r.status !== 0) return `${label} (${python} -m pip) is not available: ${r.error?.message ?? r.stderr.trim()}`;
  return { label, python, version: r.stdout.split(" ")[1] ?? "?" };
}

const pips = [pipOf("the pip on PATH", "python3"), pipOf("Debian's python3-pip", "/usr/bin/python3")];
for (const p of pips) if (typeof p === "string") console.warn(`skipping: ${p}; make setup installs python3-pip`);
const pipenv = existsSync("/usr/bin/pipenv") ? "/usr/bin/pipenv" : null;
if (pipenv === null) console.warn("skipping the pipenv peer test: /usr/bin/pipenv is absent (make setup installs Debian's pipenv)");

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command in `cwd` with a deadline; kills only the child it started. */
function run(command: string, args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd?: string; deadlineMs: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command} ${args.join(" ")} did not finish within ${options.deadlineMs} ms\n${stderr}`));
    }, options.deadlineMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const normal = (name: string) => name.toLowerCase().replace(/[-_.]+/g, "-");

/** What `pip install --dry-run --report --require-hashes -r FILE` would install from the mirror: name to version. */
async function pipInstalls(pip: Pip, lock: string, index: string, dir: string): Promise<Record<string, string>> {
  const report = join(dir, `report-${pip.python.replace(/\W/g, "")}.json`);
  const args = ["-m", "pip", "install", "--isolated", "--dry-run", "--ignore-installed", "--no-cache-dir", "--quiet", "--timeout", "20",
    "--require-hashes", "--report", report, "--index-url", index, "-r", lock];
  const r = await run(pip.python, args, { env: isolatedPipEnv(), deadlineMs: 240_000 });
  if (r.code !== 0) throw new Error(`${pip.label} ${pip.version} refused ${lock}:\n${r.stderr}`);
  const installed = (JSON.parse(readFileSync(report, "utf8")) as { install: { metadata: { name: string; version: string } }[] }).install;
  return Object.fromEntries(installed.map((i) => [normal(i.metadata.name), i.metadata.version]).sort());
}

const pinsOf = (path: string): Record<string, string> => {
  const pins = readLockedPins(path);
  if (!pins.ok) throw new Error(pins.error);
  return Object.fromEntries(Object.entries(pins.value).sort());
};

describe("lock files installed by real tools from the mirror", () => {
  let server: MirrorServer;
  let index: string;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    const catalog = loadGraphFile(graph);
    server = new MirrorServer({ catalog, projects: () => catalog.projects(), displayName: (n) => catalog.displayName(n) }, { port: 0, warn: () => undefined });
    index = (await server.start()).replace(/\/$/, "");
    dir = tempDir("maat-lock-install-");
    env = { ...process.env, MAAT_STORE: join(dir, "store", "knowledge.sqlite") };
  });
  afterAll(async () => {
    await server?.stop();
  });

  for (const pip of pips) {
    it.skipIf(typeof pip === "string")(`${typeof pip === "string" ? pip : `${pip.label} ${pip.version}`} installs exactly the locked set with --require-hashes`, async () => {
      const p = pip as Pip;
      const d = join(dir, p.python.replace(/\W/g, ""));
      mkdirSync(d, { recursive: true });
      // a lock from maat advise --lock
      const advised = await runMaat(["advise", "--index", index, "--python", "3.11", "--budget", "300", "--seed", "3", "flask<2.3", "--lock", join(d, "advised.txt")], { env });
      expect(advised.code, advised.stderr).toBe(0);
      expect(advised.stderr).toContain(`hashes from ${index}`);
      expect(readFileSync(join(d, "advised.txt"), "utf8")).toMatch(/--hash=sha256:[0-9a-f]{64}/);
      expect(await pipInstalls(p, join(d, "advised.txt"), index, d)).toEqual(pinsOf(join(d, "advised.txt")));
      // a lock from maat resolve's stdout (read through a pipe)
      const resolved = await runMaat(["resolve", "--index", index, "--python", "3.11", "flask"], { env });
      expect(resolved.code, resolved.stderr).toBe(0);
      writeFileSync(join(d, "resolved.txt"), resolved.stdout);
      expect(await pipInstalls(p, join(d, "resolved.txt"), index, d)).toEqual(pinsOf(join(d, "resolved.txt")));
      // locked for Python 3.8: pip (3.11) skips what only 3.8 needs, by the lock's markers
      const old = await runMaat(["resolve", "--index", index, "--python", "3.8", "flask"], { env });
      writeFileSync(join(d, "py38.txt"), old.stdout);
      expect(old.stdout).toMatch(/^importlib-metadata==\S+ ; python_version < "3\.10" \\$/m);
      const { "importlib-metadata": _i, zipp: _z, ...rest } = pinsOf(join(d, "py38.txt"));
      expect(await pipInstalls(p, join(d, "py38.txt"), index, d)).toEqual(rest);
      // the hashes are checked: a changed digest is refused
      writeFileSync(join(d, "tampered.txt"), resolved.stdout.replace(/--hash=sha256:([0-9a-f])/, (_m, c: string) => `--hash=sha256:${c === "0" ? "1" : "0"}`));
      await expect(pipInstalls(p, join(d, "tampered.txt"), index, d)).rejects.toThrow(/THESE PACKAGES DO NOT MATCH THE HASHES/);
    }, 600_000);
  }

  it.skipIf(pipenv === null)("Debian's pipenv installs exactly the Pipfile.lock's set (pipenv install --deploy --dev)", async () => {
    const project = join(dir, "pipenv-project");
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, "Pipfile"), [
      "[[source]]", 'name = "mirror"', `url = "${index}"`, "verify_ssl = false", "",
      "[packages]", 'flask = "<2.3"', 'itsdangerous = {version = "*", markers = "python_version >= \'3.6\'"}', "",
      "[dev-packages]", 'click = "*"', "", "[requires]", 'python_version = "3.11"', "",
    ].join("\n"));
    const advised = await runMaat(["advise", "--budget", "300", "--dev", "--lock", "Pipfile.lock"], { env, cwd: project });
    expect(advised.code, advised.stderr).toBe(0);
    expect(advised.stderr).toContain("note: reading Pipfile");
    const home = join(dir, "pipenv-home");
    mkdirSync(home, { recursive: true });
    const pipenvEnv: NodeJS.ProcessEnv = {
      ...isolatedPipEnv(), HOME: home, XDG_CACHE_HOME: join(home, ".cache"), PIPENV_VENV_IN_PROJECT: "1", PIPENV_IGNORE_VIRTUALENVS: "1", PIPENV_NOSPIN: "1",
      PIPENV_YES: "1", PIPENV_DONT_LOAD_ENV: "1", PIPENV_CACHE_DIR: join(home, "pipenv-cache"), VIRTUALENV_NO_PERIODIC_UPDATE: "1", VIRTUALENV_NO_DOWNLOAD: "1",
      PIP_NO_CACHE_DIR: "1",
    };
    delete pipenvEnv.VIRTUAL_ENV;
    const installed = await run(pipenv!, ["install", "--deploy", "--dev", "--python", "/usr/bin/python3"], { env: pipenvEnv, cwd: project, deadlineMs: 300_000 });
    expect(installed.code, `${installed.stdout}\n${installed.stderr}`).toBe(0);
    const list = await run(join(project, ".venv", "bin", "python"), ["-m", "pip", "list", "--format", "json"], { env: pipenvEnv, cwd: project, deadlineMs: 60_000 });
    expect(list.code, list.stderr).toBe(0);
    const got = Object.fromEntries((JSON.parse(list.stdout) as { name: string; version: string }[])
      .filter((p) => !["pip", "setuptools", "wheel"].includes(normal(p.name))).map((p) => [normal(p.name), p.version]).sort());
    const lock = JSON.parse(readFileSync(join(project, "Pipfile.lock"), "utf8")) as Record<string, Record<string, { version: string }>>;
    const want = Object.fromEntries([...Object.entries(lock.default!), ...Object.entries(lock.develop!)].map(([n, e]) => [n, e.version.slice(2)]).sort());
    expect(got).toEqual(want);
    expect(Object.keys(want).length).toBeGreaterThan(4);
    // pipenv checks the Pipfile's hash: a changed Pipfile makes --deploy refuse the lock
    writeFileSync(join(project, "Pipfile"), readFileSync(join(project, "Pipfile"), "utf8").replace('flask = "<2.3"', 'flask = "<2.2"'));
    const stale = await run(pipenv!, ["install", "--deploy", "--dev", "--python", "/usr/bin/python3"], { env: pipenvEnv, cwd: project, deadlineMs: 300_000 });
    expect(stale.code).not.toBe(0);
    expect(`${stale.stdout}${stale.stderr}`).toMatch(/Pipfile\.lock \(\w+\) is out of date/);
  }, 600_000);

  it("pylock.toml follows PEP 751 with the index's hashes, and --locked keeps its pins", async () => {
    const d = join(dir, "pylock");
    mkdirSync(d, { recursive: true });
    const advised = await runMaat(["advise", "--index", index, "--python", "3.8", "--budget", "300", "flask<2.3", "--lock", join(d, "pylock.toml")], { env });
    expect(advised.code, advised.stderr).toBe(0);
    const check = spawnSync("python3", [join(repoRoot, "test/support/pylock-check.py"), join(d, "pylock.toml")], { encoding: "utf8" });
    if (check.status === 0) expect(JSON.parse(check.stdout)).toEqual({ [join(d, "pylock.toml")]: [] });
    else console.warn(`skipping the PEP 751 check (python3 with tomllib and packaging needed): ${check.stderr}`);
    const text = readFileSync(join(d, "pylock.toml"), "utf8");
    const flask = /\[\[packages\]\]\nname = "flask"\nversion = "([^"]+)"[\s\S]*?wheels = \[\n {2}\{name = "([^"]+)".*?sha256 = "([0-9a-f]{64})"/.exec(text);
    expect(flask, text).not.toBeNull();
    const page = await (await fetch(`${index}/flask/`, { headers: { Accept: "application/vnd.pypi.simple.v1+json" } })).json() as { files: { filename: string; hashes: { sha256: string } }[] };
    expect(page.files.find((f) => f.filename === flask![2])?.hashes.sha256).toBe(flask![3]);
    // a newer request with the old lock: its pins kept where still allowed
    const kept = await runMaat(["resolve", "--index", index, "--python", "3.8", "--format", "json", "--locked", join(d, "pylock.toml"), "flask"], { env });
    expect(kept.code, kept.stderr).toBe(0);
    expect(JSON.parse(kept.stdout).packages).toEqual(pinsOf(join(d, "pylock.toml")));
  }, 300_000);
});
