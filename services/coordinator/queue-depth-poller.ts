import type { ClusterMetrics } from "../../adapters/metrics/index.js";
import { BATCH_STREAM, withDeadline, type NatsConnection } from "../../adapters/nats/index.js";

export interface QueueDepthPoller {
  stop(): void;
}

/**
 * Sets the queue-depth gauge from the work-queue stream's message count every `intervalMs`; each
 * query has a deadline of `intervalMs` and a failed one leaves the gauge as it was.
 */
export function pollQueueDepth(connection: NatsConnection, metrics: ClusterMetrics, intervalMs = 5_000): QueueDepthPoller {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    const jsm = await connection.jetstreamManager();
    if (jsm.ok) {
      const info = await withDeadline(() => jsm.value.streams.info(BATCH_STREAM), intervalMs, "work queue depth");
      if (info.ok) metrics.queueDepth.set(info.value.state.messages);
    }
    if (!stopped) timer = setTimeout(() => void tick(), intervalMs);
  };
  void tick();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
