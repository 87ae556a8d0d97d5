/**
 * A client of maat.v1.Adviser with a deadline on every call. Failures come back as core Failures
 * (grpc-status.ts maps the status code back, with the field in core's names for INVALID_ARGUMENT).
 */
import * as grpc from "@grpc/grpc-js";
import type { AdviseEvent, AdviseFinal, AdviseProgress, AdviseRequestWire, AdviseStatus, PredictorInfo } from "./adviser-messages.js";
import { fromServiceError } from "./grpc-status.js";
import type { Result } from "../../core/failure/index.js";
import { loadProtos } from "./load-protos.js";
import { bearerCallCredentials } from "./bearer-tokens.js";

export interface AdviserClientOptions {
  /** Largest request this client sends; grpc-js refuses bigger ones locally. Unlimited by default so the server decides. */
  readonly maxSendBytes?: number;
  /** Speak TLS, trusting this CA (PEM); with `cert` and `key`, present a client certificate. */
  readonly tls?: { readonly ca: Buffer; readonly cert?: Buffer; readonly key?: Buffer };
  /** Send `authorization: Bearer <token>` on every call (as call credentials over TLS, as plain metadata otherwise). */
  readonly token?: string;
}

type Unary = (request: unknown, metadata: grpc.Metadata, options: grpc.CallOptions, callback: (err: grpc.ServiceError | null, value?: unknown) => void) => grpc.ClientUnaryCall;

export class AdviserClient {
  readonly #client: grpc.Client;

  constructor(address: string, options: AdviserClientOptions = {}) {
    const { adviser } = loadProtos();
    this.#client = new adviser(address, channelCredentials(options), { "grpc.max_send_message_length": options.maxSendBytes ?? -1 });
    this.#metadata = () => {
      const m = new grpc.Metadata();
      // On a plaintext channel grpc-js drops call credentials, so the token goes as metadata (to a coordinator on loopback or behind a TLS-terminating route).
      if (options.token !== undefined && options.tls === undefined) m.set("authorization", `Bearer ${options.token}`);
      return m;
    };
  }

  readonly #metadata: () => grpc.Metadata;

  /** Streams an advise: `onProgress` sees each progress event; resolves with the final event. */
  advise(request: Partial<AdviseRequestWire>, deadlineMs: number, onProgress: (p: AdviseProgress) => void = () => {}): Promise<Result<AdviseFinal>> & { cancel(): void } {
    const call = (this.#client as unknown as { Advise(r: unknown, m: grpc.Metadata, o: grpc.CallOptions): grpc.ClientReadableStream<AdviseEvent> })
      .Advise(request, this.#metadata(), { deadline: Date.now() + deadlineMs });
    const done = new Promise<Result<AdviseFinal>>((resolve) => {
      let final: AdviseFinal | null = null;
      call.on("data", (e: AdviseEvent) => {
        if (e.event === "progress") onProgress(e.progress);
        else if (e.event === "final") final = e.final;
      });
      call.on("error", (e: grpc.ServiceError) => resolve({ ok: false, error: fromServiceError(e) }));
      call.on("end", () => resolve(final ? { ok: true, value: final } : { ok: false, error: { code: "internal", message: "stream ended without a final event" } }));
    });
    return Object.assign(done, { cancel: () => call.cancel() });
  }

  getAdvise(adviseId: string, deadlineMs: number): Promise<Result<AdviseStatus>> {
    return this.#unary("GetAdvise", { advise_id: adviseId }, deadlineMs);
  }

  cancelAdvise(adviseId: string, deadlineMs: number): Promise<Result<{ advise_id: string; cancelled: boolean }>> {
    return this.#unary("CancelAdvise", { advise_id: adviseId }, deadlineMs);
  }

  async listPredictors(deadlineMs: number): Promise<Result<readonly PredictorInfo[]>> {
    const r = await this.#unary<{ predictors: PredictorInfo[] }>("ListPredictors", {}, deadlineMs);
    return r.ok ? { ok: true, value: r.value.predictors } : r;
  }

  close(): void {
    this.#client.close();
  }

  #unary<T>(method: string, request: unknown, deadlineMs: number): Promise<Result<T>> {
    const fn = (this.#client as unknown as Record<string, Unary>)[method].bind(this.#client);
    return new Promise((resolve) => {
      fn(request, this.#metadata(), { deadline: Date.now() + deadlineMs }, (err, value) => {
        resolve(err ? { ok: false, error: fromServiceError(err) } : { ok: true, value: value as T });
      });
    });
  }
}

function channelCredentials(options: AdviserClientOptions): grpc.ChannelCredentials {
  if (options.tls === undefined) return grpc.credentials.createInsecure();
  const tls = grpc.credentials.createSsl(options.tls.ca, options.tls.key ?? null, options.tls.cert ?? null);
  return options.token === undefined ? tls : grpc.credentials.combineChannelCredentials(tls, bearerCallCredentials(options.token));
}
