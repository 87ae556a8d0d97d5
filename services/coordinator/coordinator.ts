import { failure, type Result } from "../../core/failure/index.js";
import { AdviserServer } from "../../adapters/grpc/index.js";
import { MetricsServer, type ClusterMetrics } from "../../adapters/metrics/index.js";
import { createCoordinatorHandlers, type AdviseLogRecord, type CoordinatorHandlers } from "./adviser-handlers.js";
import { newAdviseId } from "./advise-id.js";
import type { CoordinatorConfig } from "./config.js";
import { countingRunner } from "./runner-metrics.js";
import type { RunnerSource } from "./runner-source.js";
import type { SecurityMaterial } from "./security-material.js";

export type CoordinatorStart = Result<Coordinator>;

const now = () => performance.now();

/**
 * `maat serve`: the Adviser gRPC API (with health and reflection) over the coordinator's handlers,
 * advises running on a RunnerSource, metrics on their own HTTP endpoint when configured.
 */
export class Coordinator {
  private constructor(
    private readonly server: AdviserServer,
    private readonly handlers: CoordinatorHandlers,
    private readonly runners: RunnerSource,
    private readonly metricsServer: MetricsServer | null,
    readonly metrics: ClusterMetrics,
  ) {}

  /** Serves `config.listen`; `runners` is closed on failure and on stop. */
  static async start(config: CoordinatorConfig, runners: RunnerSource, metrics: ClusterMetrics, security?: SecurityMaterial, log?: (record: AdviseLogRecord) => void): Promise<CoordinatorStart> {
    const handlers = createCoordinatorHandlers({
      maxAdvises: config.maxAdvises, batchSize: config.batchSize, inFlight: config.inFlight, leafRollouts: config.leafRollouts, defaultTimeoutMs: config.defaultTimeoutMs, storePath: config.storePath,
      now, newId: newAdviseId, metrics, access: security?.access, log,
      openRunner: async (id, graph, limits) => {
        const opening = await runners.open(id, graph, limits);
        return opening.ok ? { ok: true, value: countingRunner(opening.value, metrics) } : opening;
      },
    });
    const served = { ...handlers, listKnowledge: () => security?.sources ?? [] };
    const server = new AdviserServer(served, {
      host: config.listen.host, port: config.listen.port, tls: security?.tls ?? undefined, tokens: security?.tokens,
    });
    let metricsServer: MetricsServer | null = null;
    try {
      await server.start();
    } catch (e) {
      await runners.close();
      return { ok: false, error: failure("unavailable", `--listen ${config.listen.host}:${config.listen.port}: ${(e as Error).message}`) };
    }
    // Honest health (issue 15): maat.v1.Adviser NOT_SERVING while the rollouts cannot run.
    runners.onAvailability?.((available) => server.setAdviserServing(available));
    if (config.metricsListen) {
      metricsServer = new MetricsServer(metrics.registry, { ...config.metricsListen, healthy: () => server.serving });
      try {
        await metricsServer.start();
      } catch (e) {
        await server.stop(0);
        await runners.close();
        return { ok: false, error: failure("unavailable", `--metrics-listen ${config.metricsListen.host}:${config.metricsListen.port}: ${(e as Error).message}`) };
      }
    }
    return { ok: true, value: new Coordinator(server, handlers, runners, metricsServer, metrics) };
  }

  /** HOST:PORT of the gRPC API as bound. */
  get address(): string {
    return this.server.address;
  }

  get metricsUrl(): string | null {
    return this.metricsServer?.url ?? null;
  }

  get description(): string {
    return `${this.runners.description}${this.server.tls ? ", TLS" : ""}`;
  }

  /** Advises running now. */
  get running(): number {
    return this.handlers.running();
  }

  /**
   * Stops accepting calls (health NOT_SERVING), cancels the running advises (their streams end
   * CANCELLED), then closes the runners and the metrics endpoint; calls still open after `graceMs`
   * are cut.
   */
  async stop(graceMs = 5_000): Promise<void> {
    const stopped = this.server.stop(graceMs);
    await this.handlers.cancelAll("the coordinator is shutting down");
    await stopped;
    await this.runners.close();
    await this.metricsServer?.stop();
  }
}
