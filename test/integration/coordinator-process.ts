/**
 * `maat serve` and `maat advise` as real processes for the coordinator's integration tests: the
 * coordinator is awaited until it prints its ready line (with a deadline), stopped by its pid
 * (SIGTERM, SIGKILL after a deadline); every CLI run has a timeout.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../support/shared-data.js";

export const CLI = join(repoRoot, "dist/services/maat.js");

/** This process's environment without any MAAT_* setting (so none leaks into a test), plus `extra`. */
export function maatEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("MAAT_")) delete env[k];
  return { ...env, ...extra };
}

/**
 * `--data-root` flags for a test coordinator: the test's own folder, the repository's examples and
 * ../shared/data (when present): the only places its requests name files in (issue 15).
 */
export function testDataRoots(work: string): string[] {
  return ["--data-root", work, "--data-root", join(repoRoot, "examples"), ...(existsSync(sharedDataDir) ? ["--data-root", sharedDataDir] : [])];
}
const sharedDataDir = join(repoRoot, "../shared/data");

/** A report's JSON with only its two timing values blanked: the rest must match byte for byte. */
export function timingsBlanked(json: string): string {
  return json.replace(/"elapsed_ms":[0-9.e+-]+,"stacks_per_second":[0-9.e+-]+,/, '"elapsed_ms":_,"stacks_per_second":_,');
}

/** What an advise test asks for: the Flask graph when ../shared is there, else a small graph file written into `work`. */
export function adviseFixture(flask: string | null, work: string): { readonly index: string; readonly python: string; readonly requirement: string } {
  if (flask !== null) return { index: flask, python: "3.8", requirement: "flask" };
  const small = join(work, "small-graph.json");
  writeFileSync(small, JSON.stringify({
    app: { "1.0": { dependencies: ["lib>=1"] }, "2.0": { dependencies: ["lib>=2", "extra"] } },
    lib: { "1.0": { dependencies: [] }, "2.0": { dependencies: [] }, "3.0": { dependencies: ["extra<2"] } },
    extra: { "1.0": { dependencies: [] }, "2.0": { dependencies: [] } },
  }));
  return { index: small, python: "3.11", requirement: "app" };
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `maat ...args` to its end (killed after `timeoutMs`). */
export function maat(args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A running process started with `maat ...args`, ready once its stdout has `ready`. */
export class MaatProcess {
  #stdout = "";
  #stderr = "";
  readonly #exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
    child.stdout?.on("data", (d: Buffer) => { this.#stdout += d.toString(); });
    child.stderr?.on("data", (d: Buffer) => { this.#stderr = (this.#stderr + d.toString()).slice(-20_000); });
    this.#exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  }

  static async start(args: readonly string[], env: NodeJS.ProcessEnv, ready: RegExp, deadlineMs = 20_000): Promise<{ process: MaatProcess; match: RegExpExecArray }> {
    const p = new MaatProcess(spawn(process.execPath, [CLI, ...args], { env, stdio: ["ignore", "pipe", "pipe"] }));
    const until = Date.now() + deadlineMs;
    while (Date.now() < until) {
      const match = ready.exec(p.#stdout);
      if (match) return { process: p, match };
      if (p.child.exitCode !== null) throw new Error(`maat ${args.join(" ")} exited with ${p.child.exitCode}: ${p.#stderr}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    await p.stop();
    throw new Error(`maat ${args.join(" ")} not ready within ${deadlineMs} ms: ${p.#stdout} ${p.#stderr}`);
  }

  get stdout(): string {
    return this.#stdout;
  }

  get stderr(): string {
    return this.#stderr;
  }

  /** Resolves with the exit code, or "timeout" after `ms`. */
  exited(ms: number): Promise<number | null | "timeout"> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"timeout">((resolve) => { timer = setTimeout(() => resolve("timeout"), ms); });
    return Promise.race([this.#exited, late]).finally(() => clearTimeout(timer));
  }

  /** SIGTERM by pid, SIGKILL if it is still there after `graceMs`; resolves with the exit code (null when killed). */
  async stop(graceMs = 10_000): Promise<number | null> {
    const pid = this.child.pid;
    if (this.child.exitCode !== null || pid === undefined) return this.child.exitCode;
    process.kill(pid, "SIGTERM");
    const code = await this.exited(graceMs);
    if (code !== "timeout") return code;
    process.kill(pid, "SIGKILL");
    const killed = await this.exited(5_000);
    return killed === "timeout" ? null : killed;
  }
}
