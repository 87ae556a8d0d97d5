import type { Result } from "../../core/failure/index.js";
import { fail, integer, listenAddress, natsUrl, pick, seconds, settingsOutcome, type ListenAddress, type Source } from "../compose/setting.js";

export type { ListenAddress };

/**
 * The worker's configuration, parsed once from its flags and the environment into a frozen object.
 * A flag wins over its variable, a variable over the default. Every error names the flag or the
 * variable it came from and the constraint it broke.
 */

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

export type WorkerConfigOutcome = Result<WorkerConfig>;

export const DEFAULT_NATS_URL = "nats://127.0.0.1:4222";
export const DEFAULT_GRAPH_CACHE = 8;
export const DEFAULT_ACK_WAIT_SECONDS = 30;
const MAX_THREADS = 1024;
const MAX_GRAPH_CACHE = 1024;
const WORKER_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

function workerId(source: Source): string {
  if (!WORKER_ID.test(source.value)) fail(source, "expected 1 to 128 letters, digits, '_', '.', ':' or '-', starting with a letter or digit");
  return source.value;
}

/** Parses the flags and variables of `maat worker`; `env` is read here and nowhere else. */
export function parseWorkerConfig(flags: WorkerFlags, env: Readonly<Record<string, string | undefined>>, host: WorkerHost): WorkerConfigOutcome {
  return settingsOutcome(() => {
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
      metricsListen: listen ? listenAddress(listen, "9464") : null,
      graphCache: cache ? integer(cache, 1, MAX_GRAPH_CACHE) : DEFAULT_GRAPH_CACHE,
      workerId: id ? workerId(id) : workerId({ value: defaultId.slice(0, 128), name: "the default worker id (<hostname>-<pid>)" }),
      ackWaitMs: ackWait ? seconds(ackWait, 0.1) : DEFAULT_ACK_WAIT_SECONDS * 1000,
    };
    return Object.freeze(config);
  });
}
