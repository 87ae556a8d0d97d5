import { purgeAdvise, type NatsConnection } from "../../adapters/nats/index.js";

export interface LeftoverPurge {
  /** Remembers an advise whose leftovers could not be purged when it ended (NATS away): purged once NATS answers. */
  add(adviseId: string): void;
  /** Advises still waiting for their purge. */
  readonly pending: number;
  stop(): void;
}

const RETRY_MS = 2_000;

/**
 * A purge that failed when its advise ended (the runner's close while NATS was away) is tried again
 * when the connection comes back, and every 2 s while any is left (JetStream may answer a moment later): otherwise the advise's batches
 * would stay in the work queue (JetStream keeps them across a restart) for workers to run for nobody.
 */
export function createLeftoverPurge(connection: NatsConnection, log: (line: string) => void): LeftoverPurge {
  const pending = new Set<string>();
  let running = false;
  const retry = async () => {
    if (running || pending.size === 0 || connection.state !== "connected") return;
    running = true;
    try {
      const jsm = await connection.jetstreamManager();
      if (!jsm.ok) return;
      for (const id of [...pending]) {
        const purged = await purgeAdvise(jsm.value, id, connection.apiTimeoutMs);
        if (!purged.ok) return;
        pending.delete(id);
        log(`advise ${id}: purged ${purged.value.messages} messages and ${purged.value.answers} answers left by its end while NATS was away`);
      }
    } finally {
      running = false;
    }
  };
  const off = connection.onState((state) => { if (state === "connected") void retry(); });
  const timer = setInterval(() => void retry(), RETRY_MS);
  timer.unref();
  return {
    add(adviseId) {
      pending.add(adviseId);
      void retry();
    },
    get pending() {
      return pending.size;
    },
    stop() {
      off();
      clearInterval(timer);
    },
  };
}
