/**
 * grpc.health.v1.Health (no npm package providing it is installed): Check answers the status of a
 * service name ("" is the whole server), NOT_FOUND for names never registered; Watch streams the
 * current status and every change until the client cancels.
 */
import { status as grpcStatus, type ServerUnaryCall, type ServerWritableStream, type UntypedServiceImplementation, type sendUnaryData } from "@grpc/grpc-js";

export type ServingStatus = "SERVING" | "NOT_SERVING";

interface HealthRequest { readonly service: string }
interface HealthResponse { readonly status: ServingStatus | "SERVICE_UNKNOWN" }

export interface HealthService {
  readonly implementation: UntypedServiceImplementation;
  set(service: string, status: ServingStatus): void;
  /** Every registered name to NOT_SERVING (on shutdown). */
  setAllNotServing(): void;
  /** The status of `service` now ("" is the server as a whole); SERVICE_UNKNOWN for one never set. */
  status(service: string): ServingStatus | "SERVICE_UNKNOWN";
}

export function createHealthService(): HealthService {
  const statuses = new Map<string, ServingStatus>();
  const watchers = new Set<{ service: string; call: ServerWritableStream<HealthRequest, HealthResponse> }>();
  const set = (service: string, status: ServingStatus) => {
    if (statuses.get(service) === status) return;
    statuses.set(service, status);
    for (const w of watchers) if (w.service === service) w.call.write({ status });
  };
  return {
    status: (service) => statuses.get(service) ?? "SERVICE_UNKNOWN",
    implementation: {
      Check(call: ServerUnaryCall<HealthRequest, HealthResponse>, callback: sendUnaryData<HealthResponse>) {
        const status = statuses.get(call.request.service);
        if (status === undefined) callback({ code: grpcStatus.NOT_FOUND, details: `service ${JSON.stringify(call.request.service)} unknown` });
        else callback(null, { status });
      },
      Watch(call: ServerWritableStream<HealthRequest, HealthResponse>) {
        const watcher = { service: call.request.service, call };
        watchers.add(watcher);
        call.write({ status: statuses.get(watcher.service) ?? "SERVICE_UNKNOWN" });
        call.on("cancelled", () => { watchers.delete(watcher); });
        call.on("close", () => { watchers.delete(watcher); });
      },
    },
    set,
    setAllNotServing() {
      for (const service of statuses.keys()) set(service, "NOT_SERVING");
      for (const w of watchers) w.call.end();
      watchers.clear();
    },
  };
}
