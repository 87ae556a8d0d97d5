/**
 * Settings of a service from its flags and environment variables, shared by `maat serve` and
 * `maat worker`: a flag wins over its variable; every error names the flag or variable and the
 * constraint it broke.
 */
import { invalidArgument, type Result } from "../../core/failure/index.js";

/** One setting: the flag's value if given, else the variable's if set and not empty. */
export interface Source {
  readonly value: string;
  /** `--batch-size` or `MAAT_BATCH_SIZE`: named in errors. */
  readonly name: string;
}

export interface ListenAddress {
  readonly host: string;
  /** 0: any free port. */
  readonly port: number;
}

export const MAX_SECONDS = 86_400;

/** The flag's value when given, else the variable's when set and not empty, else null. */
export function pick(flag: string | undefined, flagName: string, env: Readonly<Record<string, string | undefined>>, variable: string): Source | null {
  if (flag !== undefined) return { value: flag, name: flagName };
  const v = env[variable];
  return v !== undefined && v !== "" ? { value: v, name: variable } : null;
}

/** A setting that broke its constraint; `settingsOutcome` turns it into an invalid-argument failure. */
export class ConfigProblem extends Error {}

export function fail(source: Source, constraint: string): never {
  throw new ConfigProblem(`${source.name}: ${constraint}, got ${JSON.stringify(source.value)}`);
}

export function integer(source: Source, min: number, max: number): number {
  const text = source.value.trim();
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) fail(source, `expected an integer from ${min} to ${max}`);
  return n;
}

/** Seconds (decimals allowed) from `min` to MAX_SECONDS, as milliseconds. */
export function seconds(source: Source, min: number): number {
  const text = source.value.trim();
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= MAX_SECONDS)) fail(source, `expected seconds from ${min} to ${MAX_SECONDS}`);
  return Math.round(n * 1000);
}

/** `nats://HOST:PORT` or `tls://HOST:PORT`, without a path. */
export function natsUrl(source: Source): string {
  let url: URL;
  try {
    url = new URL(source.value.trim());
  } catch {
    fail(source, "expected a URL such as nats://127.0.0.1:4222");
  }
  if (url.protocol !== "nats:" && url.protocol !== "tls:") fail(source, "expected a nats:// or tls:// URL");
  if (url.hostname === "") fail(source, "expected a host in the URL");
  if (url.pathname !== "" && url.pathname !== "/") fail(source, "expected no path in the URL");
  return source.value.trim();
}

/** `HOST:PORT` or `[IPv6]:PORT`, frozen. */
export function listenAddress(source: Source, example: string): ListenAddress {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(source.value.trim());
  if (!m) fail(source, `expected HOST:PORT (e.g. 127.0.0.1:${example}, [::1]:${example})`);
  const port = Number(m[3]);
  if (port > 65535) fail(source, "expected a port from 0 to 65535");
  return Object.freeze({ host: m[1] ?? m[2], port });
}

/** Runs a parse, turning a ConfigProblem into an invalid-argument failure (its message names the flag or variable). */
export function settingsOutcome<T>(parse: () => T): Result<T> {
  try {
    return { ok: true, value: parse() };
  } catch (e) {
    if (e instanceof ConfigProblem) return { ok: false, error: invalidArgument(e.message) };
    throw e;
  }
}
