import { failure, type Result } from "../../core/failure/index.js";
import type { ClusterMetrics } from "../../adapters/metrics/index.js";
import { ensureClusterStreams, NatsConnection, openNatsRunner, type NatsRunnerEvents } from "../../adapters/nats/index.js";
import { RunnerFailure, type PortableJudge, type RolloutRunner } from "../../core/rollout/index.js";
import type { CoordinatorConfig } from "./config.js";
import { startGraphExpiry } from "./graph-expiry.js";
import { createLeftoverPurge } from "./leftover-purge.js";
import { pollQueueDepth } from "./queue-depth-poller.js";
import type { RunnerSource } from "./runner-source.js";

export type NatsRunnerSourceOutcome = Result<RunnerSource>;

const CONNECT_TIMEOUT_MS = 10_000;
/** Past the search's deadline a batch in flight may still take this long (one redelivery after the ack wait, plus this). */
const DEADLINE_GRACE_MS = 5_000;
const now = () => performance.now();

/**
 * A clustered coordinator's rollouts: one shared NATS connection (the streams ensured once, with
 * the configured ack wait, the queue depth polled into `metrics`); each advise opens a NATS runner
 * that stores its graph and publishes each batch in messages of at most `messageSize` rollouts. The search
 * stops at its deadline between batches; the runner's own deadline comes one ack wait (and a
 * grace) later, so a batch in flight then still gets its answer, and a NATS outage fails the advise.
 */
export async function natsRunnerSource(config: CoordinatorConfig, metrics: ClusterMetrics, log: (line: string) => void = () => {}): Promise<NatsRunnerSourceOutcome> {
  const url = config.natsUrl!;
  const connected = await NatsConnection.connect({ servers: url, name: "maat-coordinator", connectTimeoutMs: CONNECT_TIMEOUT_MS });
  if (!connected.ok) return { ok: false, error: failure(connected.error.code, `--nats ${url}: ${connected.error.message}`) };
  const connection = connected.value;
  const jsm = await connection.jetstreamManager();
  const ensured = jsm.ok ? await ensureClusterStreams(jsm.value, { ackWaitMs: config.ackWaitMs }) : jsm;
  if (!ensured.ok) {
    await connection.close();
    return { ok: false, error: failure(ensured.error.code, `--nats ${url}: ${ensured.error.message}`) };
  }
  const poller = pollQueueDepth(connection, metrics);
  const expiry = startGraphExpiry(connection, metrics, { expiryMs: config.graphExpiryMs, log });
  const leftovers = createLeftoverPurge(connection, log);
  return {
    ok: true,
    value: {
      description: `nats ${url}`,
      onAvailability: (listener) => connection.onState((state) => listener(state === "connected")),
      async open(adviseId, graph, limits) {
        // Health says NOT_SERVING while NATS is away; an advise that comes anyway fails at once.
        if (connection.state !== "connected") return { ok: false, error: failure("unavailable", `NATS ${url} unreachable: the cluster cannot run rollouts now; retry later`) };
        const inFlight = inFlightGauge(metrics);
        const searchDeadline = limits.deadline ?? now() + config.defaultTimeoutMs;
        const opened = await openNatsRunner({
          connection, adviseId, graph, messageSize: config.messageSize, now, events: runnerEvents(metrics, inFlight),
          deadline: searchDeadline + config.ackWaitMs + DEADLINE_GRACE_MS,
        });
        if (!opened.ok) {
          return { ok: false, error: failure(opened.error.code === "deadline-exceeded" ? "deadline-exceeded" : "unavailable", opened.error.message) };
        }
        const runner = opened.value;
        // A deadline missed while NATS is away is the outage's doing: unavailable. And the advise
        // fails at its own deadline when NATS is away then, not an ack wait later (issue 15).
        const outageAware = (inner: RolloutRunner): RolloutRunner => ({
          run: (requests) => withinOutageDeadline(inner.run(requests), connection, searchDeadline, url).catch((e: unknown) => {
            if (e instanceof RunnerFailure && e.code === "deadline-exceeded" && connection.state !== "connected") {
              throw new RunnerFailure("unavailable", `NATS ${url} unreachable: ${e.message}`);
            }
            throw e;
          }),
        });
        // The graph, and the stack rules stored beside it, stay while this advise runs; unused, they expire (--graph-expiry).
        const kept = [expiry.keep([graph.hash])];
        const judging = runner.judging;
        return {
          ok: true,
          value: {
            ...outageAware(runner),
            ...(judging === undefined ? {} : {
              judging: (rules: PortableJudge) => {
                kept.push(expiry.keep([rules.key]));
                return outageAware(judging.call(runner, rules));
              },
            }),
            async close() {
              for (const k of kept) k.stop();
              await runner.close();
              if (runner.stats().purgeError !== null) leftovers.add(adviseId);
              inFlight.set(0);
            },
          },
        };
      },
      async close() {
        poller.stop();
        expiry.stop();
        leftovers.stop();
        await connection.drain();
      },
    },
  };
}

/**
 * `run`, unless NATS is away at the search's deadline (or goes away after it) while the batch
 * waits: then an unavailable failure at once. A batch merely slow while NATS is up keeps the
 * runner's own, later deadline (one ack wait more, for a redelivery).
 */
function withinOutageDeadline<T>(run: Promise<T>, connection: NatsConnection, deadline: number, url: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let off = () => {};
  const outage = new Promise<never>((_resolve, reject) => {
    const fail = () => reject(new RunnerFailure("unavailable", `NATS ${url} unreachable at the advise's deadline`));
    const check = () => { if (connection.state !== "connected") fail(); };
    timer = setTimeout(() => {
      check();
      off = connection.onState((state) => { if (state !== "connected") fail(); });
    }, Math.max(0, deadline - now()));
  });
  return Promise.race([run, outage]).finally(() => { clearTimeout(timer); off(); });
}

/** One runner's share of the batches-in-flight gauge, which every advise adds to. */
function inFlightGauge(metrics: ClusterMetrics): { set(messages: number): void } {
  let mine = 0;
  return {
    set(messages) {
      metrics.batchesInFlight.inc(messages - mine);
      mine = messages;
    },
  };
}

function runnerEvents(metrics: ClusterMetrics, inFlight: { set(messages: number): void }): NatsRunnerEvents {
  return {
    answered: (seconds) => metrics.batchSeconds.observe(seconds),
    duplicate: () => metrics.duplicateResults.inc(),
    redelivered: () => metrics.redeliveries.inc(),
    inFlight: (messages) => inFlight.set(messages),
  };
}
