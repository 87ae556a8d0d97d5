import { execFile } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "./shared-data.js";

/** The built CLI's entry (`npm run build` first, which `make test` does). */
export const maatBin = join(repoRoot, "bin/maat");

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `maat ARGS` as a user would (stdout and stderr are pipes), with a deadline. */
export function runMaat(args: readonly string[], options: { readonly env?: NodeJS.ProcessEnv; readonly timeoutMs?: number; readonly cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [maatBin, ...args], { timeout: options.timeoutMs ?? 120_000, env: options.env, cwd: options.cwd, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof (error as { code?: unknown }).code === "number" ? (error as { code: number }).code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}
