/**
 * Runs test/support/grpc-probe.py: Debian's python3-grpcio as an independent client of the
 * coordinator (issue 15), its schema from the server's reflection. `make setup` installs it.
 */
import { execFile, execFileSync } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "./shared-data.js";

export const PYTHON = "/usr/bin/python3";
const SCRIPT = join(repoRoot, "test/support/grpc-probe.py");

/** Why the probe cannot run here, or null (python3-grpcio is importable). */
export function probeMissing(): string | null {
  try {
    execFileSync(PYTHON, ["-c", "import grpc, google.protobuf"], { stdio: "ignore", timeout: 20_000 });
    return null;
  } catch {
    return `${PYTHON} cannot import grpc: install Debian's python3-grpcio (make setup does)`;
  }
}

export interface ProbeOptions {
  readonly request?: unknown;
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly token?: string;
  /** The call's own token when it differs from reflection's ("" for none). */
  readonly callToken?: string;
  /** The call's deadline in seconds (default 30). */
  readonly timeout?: number;
  /** Make the (unary) call this many times on one channel, `every` seconds apart; each gives a {call, code, ms, response} message. */
  readonly repeat?: number;
  readonly every?: number;
}

export interface ProbeAnswer {
  /** Every response message, as JSON with the proto's field names. */
  readonly messages: readonly Record<string, unknown>[];
  /** The status's code name (OK, UNAUTHENTICATED, ...). */
  readonly status: string;
  readonly details: string;
  /** Set when the refusal came at reflection, before the call. */
  readonly phase?: string;
  /** Wall milliseconds the probe took, start to exit. */
  readonly ms: number;
}

/** Calls SERVICE/METHOD on `target`; resolves with what it printed (rejects when the probe itself failed). */
export function probe(target: string, method: string, options: ProbeOptions = {}): Promise<ProbeAnswer> {
  const args = [SCRIPT, target, method, "--timeout", String(options.timeout ?? 30)];
  if (options.request !== undefined) args.push("--request", JSON.stringify(options.request));
  if (options.repeat !== undefined) args.push("--repeat", String(options.repeat), "--every", String(options.every ?? 0.05));
  for (const [flag, value] of [["--ca", options.ca], ["--cert", options.cert], ["--key", options.key], ["--token", options.token], ["--call-token", options.callToken]] as const) {
    if (value !== undefined) args.push(flag, value);
  }
  const started = Date.now();
  return new Promise((resolve, reject) => {
    execFile(PYTHON, args, { timeout: ((options.timeout ?? 30) * (options.repeat ?? 1) + 30) * 1000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const lines = stdout.trim().split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, unknown>);
      const last = lines.at(-1);
      if (error || last === undefined || typeof last.status !== "string" || !("details" in last)) {
        reject(new Error(`grpc-probe ${method} failed (${error?.message ?? "no status line"}): ${stdout} ${stderr}`));
        return;
      }
      resolve({ messages: lines.slice(0, -1), status: last.status, details: String(last.details), ...(typeof last.phase === "string" ? { phase: last.phase } : {}), ms: Date.now() - started });
    });
  });
}
