import { ADVISE_DEFAULTS } from "./advise-defaults.js";

/**
 * The coordinator's configuration (`maat serve`), parsed once from its flags and the environment
 * into a frozen object. A flag wins over its variable, a variable over the default. Every error
 * names the flag or the variable it came from and the constraint it broke.
 */

export interface ListenAddress {
  readonly host: string;
  /** 0: any free port. */
  readonly port: number;
}

export interface CoordinatorConfig {
  /** The gRPC API (MAAT_LISTEN). */
  readonly listen: ListenAddress;
  /** The cluster's NATS, or null: standalone, rollouts on a local thread pool (MAAT_NATS_URL). */
  readonly natsUrl: string | null;
  /** Where to serve /metrics, or null for none (MAAT_METRICS_LISTEN). */
  readonly metricsListen: ListenAddress | null;
  /** Advises running at once; more are refused with RESOURCE_EXHAUSTED (MAAT_MAX_ADVISES). */
  readonly maxAdvises: number;
  /** Rollouts per batch of a search (MAAT_BATCH_SIZE). */
  readonly batchSize: number;
  /** Rollouts per NATS message (MAAT_CHUNK_SIZE). */
  readonly chunkSize: number;
  /** The search time of a request that sets none (MAAT_DEFAULT_TIMEOUT_SECONDS). */
  readonly defaultTimeoutMs: number;
  /** The work queue's ack wait (MAAT_ACK_WAIT_SECONDS). */
  readonly ackWaitMs: number;
  /** The knowledge store for index URLs (MAAT_STORE). */
  readonly storePath: string;
}

/** The flags of `maat serve`, as commander hands them over (strings, absent when not given). */
export interface ServeFlags {
  readonly listen?: string;
  readonly nats?: string;
  readonly metricsListen?: string;
  readonly maxAdvises?: string;
  readonly batchSize?: string;
  readonly chunkSize?: string;
  readonly defaultTimeout?: string;
  readonly ackWait?: string;
}

export type CoordinatorConfigOutcome = { readonly ok: true; readonly config: CoordinatorConfig } | { readonly ok: false; readonly message: string };

export const DEFAULT_LISTEN = "127.0.0.1:50051";
export const DEFAULT_MAX_ADVISES = 4;
export const DEFAULT_BATCH_SIZE = ADVISE_DEFAULTS.batchSize;
export const DEFAULT_CHUNK_SIZE = 64;
export const DEFAULT_TIMEOUT_SECONDS = 600;
export const DEFAULT_ACK_WAIT_SECONDS = 30;
const MAX_ADVISES = 10_000;
const MAX_BATCH_SIZE = 1_000_000;
const MAX_SECONDS = 86_400;

/** One setting: the flag's value if given, else the variable's if set and not empty. */
interface Source {
  readonly value: string;
  /** `--batch-size` or `MAAT_BATCH_SIZE`: named in errors. */
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
  const text = source.value.trim();
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) fail(source, `expected an integer from ${min} to ${max}`);
  return n;
}

function seconds(source: Source, min: number): number {
  const text = source.value.trim();
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= MAX_SECONDS)) fail(source, `expected seconds from ${min} to ${MAX_SECONDS}`);
  return Math.round(n * 1000);
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

/** `HOST:PORT` or `[IPv6]:PORT`. */
function listenAddress(source: Source): ListenAddress {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(source.value.trim());
  if (!m) fail(source, "expected HOST:PORT (e.g. 127.0.0.1:50051, [::1]:50051)");
  const port = Number(m[3]);
  if (port > 65535) fail(source, "expected a port from 0 to 65535");
  return Object.freeze({ host: m[1] ?? m[2], port });
}

/**
 * Parses the flags and variables of `maat serve`; `env` is read here and nowhere else.
 * `storePath`: the knowledge store the CLI's configuration names (MAAT_STORE or its default).
 */
export function parseCoordinatorConfig(flags: ServeFlags, env: Readonly<Record<string, string | undefined>>, storePath: string): CoordinatorConfigOutcome {
  try {
    const listen = pick(flags.listen, "--listen", env, "MAAT_LISTEN");
    const nats = pick(flags.nats, "--nats", env, "MAAT_NATS_URL");
    const metrics = pick(flags.metricsListen, "--metrics-listen", env, "MAAT_METRICS_LISTEN");
    const maxAdvises = pick(flags.maxAdvises, "--max-advises", env, "MAAT_MAX_ADVISES");
    const batchSize = pick(flags.batchSize, "--batch-size", env, "MAAT_BATCH_SIZE");
    const chunkSize = pick(flags.chunkSize, "--chunk-size", env, "MAAT_CHUNK_SIZE");
    const timeout = pick(flags.defaultTimeout, "--default-timeout", env, "MAAT_DEFAULT_TIMEOUT_SECONDS");
    const ackWait = pick(flags.ackWait, "--ack-wait", env, "MAAT_ACK_WAIT_SECONDS");
    const config: CoordinatorConfig = {
      listen: listenAddress(listen ?? { value: DEFAULT_LISTEN, name: "the default listen address" }),
      natsUrl: nats ? natsUrl(nats) : null,
      metricsListen: metrics ? listenAddress(metrics) : null,
      maxAdvises: maxAdvises ? integer(maxAdvises, 1, MAX_ADVISES) : DEFAULT_MAX_ADVISES,
      batchSize: batchSize ? integer(batchSize, 1, MAX_BATCH_SIZE) : DEFAULT_BATCH_SIZE,
      chunkSize: chunkSize ? integer(chunkSize, 1, MAX_BATCH_SIZE) : DEFAULT_CHUNK_SIZE,
      defaultTimeoutMs: timeout ? seconds(timeout, 0.001) : DEFAULT_TIMEOUT_SECONDS * 1000,
      ackWaitMs: ackWait ? seconds(ackWait, 0.1) : DEFAULT_ACK_WAIT_SECONDS * 1000,
      storePath,
    };
    return { ok: true, config: Object.freeze(config) };
  } catch (e) {
    if (e instanceof ConfigProblem) return { ok: false, message: e.message };
    throw e;
  }
}
