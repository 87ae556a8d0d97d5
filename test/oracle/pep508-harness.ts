/** Runs test/oracle/pep508-oracle.py (Python's `packaging`) on a batch of questions. */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mulberry32 } from "../../core/random/index.js";

const here = dirname(fileURLToPath(import.meta.url));

export type OracleEnv = Record<string, string>;
export type OracleEval = { ok: true; value: boolean } | { ok: false; kind: string };
export interface OracleError {
  type: string;
  message: string;
  span?: [number, number];
}
export type OracleOp =
  | { t: "marker"; text: string; envs: OracleEnv[]; extras: string[] }
  | { t: "req"; text: string; envs: OracleEnv[]; extras: string[] | null }
  | { t: "contains"; spec: string; versions: string[] }
  | { t: "rp"; spec: string | null; python: string };

export interface OracleMarkerResult {
  valid: boolean;
  error?: OracleError;
  str?: string;
  evals?: OracleEval[][];
}
export interface OracleRequirementResult extends OracleMarkerResult {
  name?: string;
  extras?: string[];
  specifier?: string;
  url?: string | null;
  marker?: string | null;
  markerExtras?: string[];
}

/** Why the oracle cannot run here (no python3 or no `packaging`), or null when it can. */
export function oracleUnavailable(): string | null {
  const r = spawnSync("python3", ["-c", "import packaging, json; print(packaging.__version__)"], { encoding: "utf8", timeout: 20_000 });
  if (r.error !== undefined || r.status !== 0) return `python3 with packaging is not available (${r.error?.message ?? r.stderr.trim()})`;
  return null;
}

/** Answers every op in one python3 process (deadline: 120 s). */
export function runOracle(ops: readonly OracleOp[]): unknown[] {
  const r = spawnSync("python3", [join(here, "pep508-oracle.py")], {
    input: JSON.stringify({ ops }),
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 1 << 30,
  });
  if (r.error !== undefined) throw r.error;
  if (r.status !== 0) throw new Error(`pep508-oracle.py exited with ${r.status}: ${r.stderr.slice(0, 2000)}`);
  return (JSON.parse(r.stdout) as { results: unknown[] }).results;
}

/** A complete environment like packaging's default_environment() (every key set). */
export function oracleEnv(python: string, platform: "linux" | "windows" | "macos", full?: string): OracleEnv {
  const base = {
    linux: { os_name: "posix", sys_platform: "linux", platform_system: "Linux", platform_machine: "x86_64", platform_release: "6.1.0", platform_version: "#1 SMP" },
    windows: { os_name: "nt", sys_platform: "win32", platform_system: "Windows", platform_machine: "AMD64", platform_release: "10", platform_version: "10.0.19045" },
    macos: { os_name: "posix", sys_platform: "darwin", platform_system: "Darwin", platform_machine: "arm64", platform_release: "23.6.0", platform_version: "Darwin Kernel Version 23.6.0" },
  }[platform];
  const fullVersion = full ?? `${python}.0`;
  return {
    ...base,
    implementation_name: "cpython",
    implementation_version: fullVersion,
    python_full_version: fullVersion,
    platform_python_implementation: "CPython",
    python_version: python,
  };
}

/** The seeded PRNG of core (mulberry32), for reproducible random cases. */
export const seededRandom: (seed: number) => () => number = mulberry32;
