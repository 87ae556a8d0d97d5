/**
 * The worker's configuration, parsed once from its flags and the environment into a frozen object.
 * A flag wins over its variable, a variable over the default. Every error names the flag or the
 * variable it came from and the constraint it broke.
 */

export interface ListenAddress {
  readonly host: string;
  /** 0: any free port. */
  readonly port: number;
}

export interface WorkerConfig {
  /** `nats://HOST:PORT` (or `tls://`). */
  readonly natsUrl: string;
  /** Threads of the rollout pool, and so the most batches held at once (slots). */
  readonly threads: number;
  /** Where to serve /metrics, or null for no metrics endpoint. */
  readonly metricsListen: ListenAddress | null;
  /** Compiled graphs kept in the local cache. */
  readonly graphCache: number;
  readonly workerId: string;
  /** The work queue's ack wait, set on the shared consumer at start-up. */
  readonly ackWaitMs: number;
}

/** The flags of `maat worker`, as commander hands them over (strings, absent when not given). */
export interface WorkerFlags {
  readonly nats?: string;
  readonly threads?: string;
  readonly metricsListen?: string;
  readonly graphCache?: string;
  readonly id?: string;
}

/** What the defaults depend on, passed in so that parsing reads nothing itself. */
export interface WorkerHost {
  readonly hostname: string;
  readonly pid: number;
  readonly availableParallelism: number;
}

export type WorkerConfigOutcome = { readonly ok: true; readonly config: WorkerConfig } | { readonly ok: false; readonly message: string };

export const DEFAULT_NATS_URL = "nats://127.0.0.1:4222";
export const DEFAULT_GRAPH_CACHE = 8;
export const DEFAULT_ACK_WAIT_SECONDS = 30;
const MAX_THREADS = 1024;
const MAX_GRAPH_CACHE = 1024;
const MAX_ACK_WAIT_SECONDS = 86_400;
const WORKER_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/** One setting: the flag's value if given, else the variable's if set and not empty. */
interface Source {
  readonly value: string;
  /** `--threads` or `MAAT_THREADS`: named in errors. */
  readonly name: string;
}

function pick(flag: string | undefined, flagName: string, env: Readonly<Record<string, string | undefined>>, variable: string): Source | null {
  if (flag !== undefined) return { value: flag, name: flagName };
  const v = env[variable];
  return v !== undefined && v !== "" ? { value: v, name: variable } : null;
}

class ConfigProblem extends Error {}

function fail(source: Source, constraint: string): never {
  throw new ConfigProblem(`${source.name}: ${constraint}, got ${JSON.stringify(source.value)}`);
}

function integer(source: Source, min: number, max: number): number {
  if (!/^\d+$/.test(source.value.trim())) fail(source, `expected an integer from ${min} to ${max}`);
  const n = Number(source.value.trim());
  if (n < min || n > max) fail(source, `expected an integer from ${min} to ${max}`);
  return n;
}

function natsUrl(source: Source): string {
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

/** `HOST:PORT`, `[IPv6]:PORT`. */
export function parseListen(source: Source): ListenAddress {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(source.value.trim());
  if (!m) fail(source, "expected HOST:PORT (e.g. 127.0.0.1:9464, [::1]:9464)");
  const port = Number(m[3]);
  if (port > 65535) fail(source, "expected a port from 0 to 65535");
  return { host: m[1] ?? m[2], port };
}

function ackWaitMs(source: Source): number {
  const text = source.value.trim();
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(n >= 0.1 && n <= MAX_ACK_WAIT_SECONDS)) fail(source, `expected seconds from 0.1 to ${MAX_ACK_WAIT_SECONDS}`);
  return Math.round(n * 1000);
}

function workerId(source: Source): string {
  if (!WORKER_ID.test(source.value)) fail(source, "expected 1 to 128 letters, digits, '_', '.', ':' or '-', starting with a letter or digit");
  return source.value;
}

/** Parses the flags and variables of `maat worker`; `env` is read here and nowhere else. */
export function parseWorkerConfig(flags: WorkerFlags, env: Readonly<Record<string, string | undefined>>, host: WorkerHost): WorkerConfigOutcome {
  try {
    const nats = pick(flags.nats, "--nats", env, "MAAT_NATS_URL");
    const threads = pick(flags.threads, "--threads", env, "MAAT_THREADS");
    const listen = pick(flags.metricsListen, "--metrics-listen", env, "MAAT_METRICS_LISTEN");
    const cache = pick(flags.graphCache, "--graph-cache", env, "MAAT_GRAPH_CACHE");
    const id = pick(flags.id, "--id", env, "MAAT_WORKER_ID");
    const ackWait = pick(undefined, "", env, "MAAT_ACK_WAIT_SECONDS");
    const defaultId = `${host.hostname.replace(/[^A-Za-z0-9_.:-]/g, "-")}-${host.pid}`.replace(/^[^A-Za-z0-9]+/, "");
    const config: WorkerConfig = {
      natsUrl: nats ? natsUrl(nats) : DEFAULT_NATS_URL,
      threads: threads ? integer(threads, 1, MAX_THREADS) : Math.max(1, Math.min(MAX_THREADS, host.availableParallelism)),
      metricsListen: listen ? parseListen(listen) : null,
      graphCache: cache ? integer(cache, 1, MAX_GRAPH_CACHE) : DEFAULT_GRAPH_CACHE,
      workerId: id ? workerId(id) : workerId({ value: defaultId.slice(0, 128), name: "the default worker id (<hostname>-<pid>)" }),
      ackWaitMs: ackWait ? ackWaitMs(ackWait) : DEFAULT_ACK_WAIT_SECONDS * 1000,
    };
    return { ok: true, config: Object.freeze({ ...config, metricsListen: config.metricsListen && Object.freeze(config.metricsListen) }) };
  } catch (e) {
    if (e instanceof ConfigProblem) return { ok: false, message: e.message };
    throw e;
  }
}
