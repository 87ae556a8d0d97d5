import type { ClusterMetrics } from "../../adapters/metrics/index.js";
import { GRAPH_BUCKET, sweepUnusedObjects, touchObjects, type NatsConnection } from "../../adapters/nats/index.js";

export interface GraphExpiry {
  /** Keeps `names` from expiring while an advise uses them (touched now, then every third of the expiry) until the returned stop. */
  keep(names: readonly string[]): { stop(): void };
  stop(): void;
}

export interface GraphExpiryOptions {
  /** An object unused this long is deleted (--graph-expiry, MAAT_GRAPH_EXPIRY_SECONDS). */
  readonly expiryMs: number;
  readonly bucket?: string;
  log(line: string): void;
}

const DEADLINE_MS = 10_000;

/**
 * The coordinator's side of object expiry (adapters/nats/object-expiry.ts): a sweep of the graph
 * bucket every quarter of the expiry (at least every 5 minutes, at most every 250 ms), counting
 * what it deletes in maat_objects_expired_total; and the touches that keep an advise's objects.
 * A sweep or touch that fails (NATS away) is logged once until one succeeds; the next tries again.
 */
export function startGraphExpiry(connection: NatsConnection, metrics: ClusterMetrics, options: GraphExpiryOptions): GraphExpiry {
  const bucket = options.bucket ?? GRAPH_BUCKET;
  const js = connection.jetstream();
  const { expiryMs } = options;
  let failing = false;
  const report = (ok: boolean, what: string) => {
    if (!ok && !failing) options.log(`object expiry in ${bucket}: ${what}; trying again later`);
    failing = !ok;
  };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const sweepEvery = Math.min(300_000, Math.max(250, expiryMs / 4));
  const sweep = async () => {
    if (connection.state === "connected") {
      const swept = await sweepUnusedObjects(js, bucket, expiryMs, Date.now(), DEADLINE_MS);
      report(swept.ok, swept.ok ? "" : swept.error.message);
      if (swept.ok && swept.value.deleted.length > 0) metrics.objectsExpired.inc(swept.value.deleted.length);
    }
    if (!stopped) timer = setTimeout(() => void sweep(), sweepEvery);
  };
  timer = setTimeout(() => void sweep(), sweepEvery);
  return {
    keep(names) {
      const touch = async () => {
        const touched = await touchObjects(js, bucket, names, Date.now(), DEADLINE_MS);
        report(touched.ok, touched.ok ? "" : touched.error.message);
      };
      void touch();
      const every = setInterval(() => void touch(), Math.max(100, expiryMs / 3));
      return { stop: () => clearInterval(every) };
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
