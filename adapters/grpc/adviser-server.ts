/**
 * The coordinator's gRPC server: maat.v1.Adviser with handlers passed in as functions, plus
 * grpc.health.v1 and grpc.reflection (v1, v1alpha). Binds a loopback or configured HOST:PORT.
 * Requests larger than `maxRequestBytes` (default 4 MiB) are refused by grpc-js with
 * RESOURCE_EXHAUSTED before any handler runs; malformed requests get INVALID_ARGUMENT naming the
 * field; handler failures go through the one mapping in grpc-status.ts.
 */
import * as grpc from "@grpc/grpc-js";
import type { AdviseFinal, AdviseProgress, AdviseRequestWire, AdviseStatus, PredictorInfo } from "./adviser-messages.js";
import { failure, invalidArgument, type Failure, type Result } from "../../core/failure/index.js";
import { adviseCallFromWire, type AdviseCall } from "./advise-request-wire.js";
import { toStatus } from "./grpc-status.js";
import { createHealthService, type HealthService } from "./health-service.js";
import { loadProtos } from "./load-protos.js";
import { bearerAuthorizer, guardedService } from "./bearer-tokens.js";
import { createReflectionService } from "./reflection-service.js";

export const ADVISER_SERVICE = "maat.v1.Adviser";
export const DEFAULT_MAX_REQUEST_BYTES = 4 * 1024 * 1024;

export interface AdviseStream {
  /** Sends one progress event (dropped once the client is gone). */
  progress(event: AdviseProgress): void;
  /** Aborted when the client cancels or its deadline passes. */
  readonly signal: AbortSignal;
}

export interface AdviserHandlers {
  /** Runs an advise (the service validates the request), reporting progress; resolves with the final event or a failure. */
  advise(call: AdviseCall, stream: AdviseStream): Promise<Result<AdviseFinal>>;
  getAdvise(adviseId: string): Promise<Result<AdviseStatus>>;
  cancelAdvise(adviseId: string): Promise<Result<{ readonly cancelled: boolean }>>;
  listPredictors(): readonly PredictorInfo[];
  /** The knowledge sources served by name (none: an empty list). */
  listKnowledge?(): readonly { readonly name: string; readonly kind: string }[];
}

export interface AdviserServerOptions {
  readonly host: string;
  /** 0: any free port (read `port` after start). */
  readonly port: number;
  readonly maxRequestBytes?: number;
  /** Serve TLS (PEM): the certificate chain and its key; with `clientCa`, clients must present a certificate it signed. */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer; readonly clientCa: Buffer | null };
  /**
   * Bearer tokens: when given (at least one), Adviser and reflection calls without
   * `authorization: Bearer <one of them>` are answered UNAUTHENTICATED. Health stays open, so that
   * probes (kubelet, load balancers) need no secret; it tells nothing but SERVING.
   */
  readonly tokens?: readonly string[];
}

const internal = (e: unknown): Failure => failure("internal", e instanceof Error ? e.message : String(e));

async function unary<T>(run: () => Promise<Result<T>>, callback: grpc.sendUnaryData<T>): Promise<void> {
  try {
    const outcome = await run();
    if (outcome.ok) callback(null, outcome.value);
    else callback(toStatus(outcome.error));
  } catch (e) {
    callback(toStatus(internal(e)));
  }
}

const adviseIdError = (id: string): Failure | null => (id.trim() === "" ? invalidArgument("must not be empty", "advise_id") : null);

export class AdviserServer {
  readonly #server: grpc.Server;
  readonly #health: HealthService = createHealthService();
  #port = 0;
  #stopping = false;

  constructor(private readonly handlers: AdviserHandlers, private readonly options: AdviserServerOptions) {
    const max = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    this.#server = new grpc.Server({ "grpc.max_receive_message_length": max });
    const protos = loadProtos();
    const tokens = options.tokens ?? [];
    const authorize = tokens.length > 0 ? bearerAuthorizer(tokens) : null;
    const guard = (impl: grpc.UntypedServiceImplementation) => (authorize === null ? impl : guardedService(impl, authorize));
    this.#server.addService(protos.adviser.service, guard(this.#adviser()));
    this.#server.addService(protos.health.service, this.#health.implementation);
    const services = [ADVISER_SERVICE, "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"];
    const reflection = guard(createReflectionService(protos.definition, services));
    this.#server.addService(protos.reflectionV1.service, reflection);
    this.#server.addService(protos.reflectionV1alpha.service, reflection);
  }

  /** Binds and serves; health turns SERVING for "" and maat.v1.Adviser. Resolves with the bound port. */
  async start(): Promise<number> {
    this.#port = await new Promise<number>((resolve, reject) => {
      this.#server.bindAsync(`${this.options.host}:${this.options.port}`, this.#credentials(), (err, port) => (err ? reject(err) : resolve(port)));
    });
    this.#health.set("", "SERVING");
    this.#health.set(ADVISER_SERVICE, "SERVING");
    return this.#port;
  }

  #credentials(): grpc.ServerCredentials {
    const tls = this.options.tls;
    if (tls === undefined) return grpc.ServerCredentials.createInsecure();
    return grpc.ServerCredentials.createSsl(tls.clientCa, [{ cert_chain: tls.cert, private_key: tls.key }], tls.clientCa !== null);
  }

  /** Health for maat.v1.Adviser (and /healthz): NOT_SERVING while its rollouts cannot run (NATS away); the server itself ("") stays SERVING. */
  setAdviserServing(serving: boolean): void {
    if (this.#stopping) return;
    this.#health.set(ADVISER_SERVICE, serving ? "SERVING" : "NOT_SERVING");
  }

  /** True while health says SERVING for maat.v1.Adviser (what a plain HTTP probe reads, where gRPC probes cannot speak TLS). */
  get serving(): boolean {
    return this.#health.status(ADVISER_SERVICE) === "SERVING";
  }

  /** True when the server speaks TLS. */
  get tls(): boolean {
    return this.options.tls !== undefined;
  }

  get port(): number {
    return this.#port;
  }

  get address(): string {
    return `${this.options.host}:${this.#port}`;
  }

  /** NOT_SERVING, then a graceful shutdown; calls still open after `graceMs` are cancelled. */
  async stop(graceMs = 2_000): Promise<void> {
    this.#stopping = true;
    this.#health.setAllNotServing();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => { this.#server.forceShutdown(); resolve(); }, graceMs);
      this.#server.tryShutdown(() => { clearTimeout(timer); resolve(); });
    });
  }

  #adviser(): grpc.UntypedServiceImplementation {
    const h = this.handlers;
    return {
      Advise: (call: grpc.ServerWritableStream<AdviseRequestWire, unknown>) => {
        const received = adviseCallFromWire(call.request);
        if (!received.ok) { call.emit("error", toStatus(received.error)); return; }
        const abort = new AbortController();
        call.on("cancelled", () => abort.abort());
        const stream: AdviseStream = {
          progress: (progress) => { if (!abort.signal.aborted && call.writable) call.write({ progress }); },
          signal: abort.signal,
        };
        h.advise(received.value, stream).then(
          (outcome) => {
            if (abort.signal.aborted) return;
            if (outcome.ok) { call.write({ final: outcome.value }); call.end(); }
            else call.emit("error", toStatus(outcome.error));
          },
          (e: unknown) => { if (!abort.signal.aborted) call.emit("error", toStatus(internal(e))); },
        );
      },
      GetAdvise: (call: grpc.ServerUnaryCall<{ advise_id: string }, AdviseStatus>, callback: grpc.sendUnaryData<AdviseStatus>) => {
        const bad = adviseIdError(call.request.advise_id);
        if (bad) return callback(toStatus(bad));
        void unary(() => h.getAdvise(call.request.advise_id), callback);
      },
      CancelAdvise: (call: grpc.ServerUnaryCall<{ advise_id: string }, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        const bad = adviseIdError(call.request.advise_id);
        if (bad) return callback(toStatus(bad));
        void unary(async () => {
          const outcome = await h.cancelAdvise(call.request.advise_id);
          return outcome.ok ? { ok: true, value: { advise_id: call.request.advise_id, cancelled: outcome.value.cancelled } } : outcome;
        }, callback);
      },
      ListPredictors: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        void unary(async () => ({ ok: true, value: { predictors: h.listPredictors() } }), callback);
      },
      ListKnowledge: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        void unary(async () => ({ ok: true, value: { sources: h.listKnowledge?.() ?? [] } }), callback);
      },
    };
  }
}
