/**
 * The protocol model's costs from the measured runs (docs/scaling.md): the coordinator's time per
 * batch and per request from embedded searches at two batch sizes (and, per in-flight depth D, the
 * embedded search at that D: mcts's virtual loss makes planning dearer as D grows), a worker's
 * time per rollout from the same runs' runner time (per rollout: a request for k leaf rollouts
 * counts k), and the messaging from the message trip (test/scaling/message-trip.ts, measured phase
 * by phase on a real nats-server and worker service at the runs' k): NATS's one-way latency (half
 * the two hops, clock-free), the coordinator's wire work per request (encode, decode the answer,
 * rebuild its results), the worker's (decode, encode the answer) and its per-message graph lookup.
 * Every cluster run is
 * then predicted out of sample, and the error stated. Without a trip (the Kubernetes Job, which
 * starts no nats-server), the wire's per-request costs come from encoding a real batch and the
 * latency is backed out of the one-worker run with one batch in flight (in sample, then).
 */
import { simulateProtocol, type ProtocolCosts } from "../../core/experiment/index.js";
import type { EmbeddedCosts, MeasuredRun } from "./measured-runs.js";
import type { TripCosts } from "./message-trip.js";
import type { WireCosts } from "./wire-costs.js";

export interface Calibration {
  /** The costs at the default in-flight depth. */
  readonly costs: ProtocolCosts;
  /** The costs at each in-flight depth measured embedded. */
  readonly byInFlight: ReadonlyMap<number, ProtocolCosts>;
  /** Stacks per rollout (dead ends and rejected stacks are rollouts too). */
  readonly stacksPerRollout: number;
  /** Requests per batch of 256 rollouts, and rollouts per request (k; less on average: polish and start stacks ask for one). */
  readonly requestsPerBatch: number;
  readonly rolloutsPerRequest: number;
  /** Where the latency and per-message costs come from. */
  readonly messaging: "message trip" | "one-worker run";
}

export function calibrate(
  embedded: ReadonlyMap<number, EmbeddedCosts>, defaultInFlight: number, at64: EmbeddedCosts, wire: WireCosts,
  trip: TripCosts | null, serialOneWorker: MeasuredRun | undefined, stacksPerRollout: number,
): Calibration {
  const at256 = embedded.get(defaultInFlight)!;
  const per = (c: EmbeddedCosts) => c.coordinatorSeconds / c.batches;
  const size = (c: EmbeddedCosts) => c.requests / c.batches;
  const perRequest = Math.max(0, (per(at256) - per(at64)) / (size(at256) - size(at64)));
  const perBatch = Math.max(0, per(at256) - perRequest * size(at256));
  const costsOf = (c: EmbeddedCosts): ProtocolCosts => ({
    coordinatorPerBatch: perBatch,
    coordinatorPerRequest: Math.max(0, (per(c) - perBatch) / size(c)) + (trip === null ? wire.coordinatorPerRequest : trip.coordinatorPerRequest),
    coordinatorPerMessage: 0,
    workerPerRollout: c.runnerSeconds / c.rollouts + (trip === null ? wire.workerPerRequest : trip.workerPerRequest) * c.requests / c.rollouts,
    workerPerMessage: trip === null ? 0 : trip.workerPerMessage,
    latency: trip === null ? 0 : trip.latency,
    bytesPerRequest: wire.bytesPerRequest, bytesPerResult: wire.bytesPerResult, bandwidth: Infinity,
  });
  const requestsPerBatch = size(at256);
  const rolloutsPerRequest = at256.rollouts / at256.requests;
  const byInFlight = new Map([...embedded].map(([d, c]) => [d, costsOf(c)]));
  const serialCosts = byInFlight.get(1);
  if (trip === null && serialOneWorker !== undefined && serialCosts !== undefined) {
    // One worker, one batch in flight: a batch's time is the coordinator's, the worker's and two trips through NATS.
    const batches = Math.max(1, Math.ceil(serialOneWorker.stacks / stacksPerRollout / rolloutsPerRequest / requestsPerBatch));
    const coordinator = serialCosts.coordinatorPerBatch + requestsPerBatch * serialCosts.coordinatorPerRequest;
    const latency = Math.max(0, (serialOneWorker.seconds / batches - coordinator - requestsPerBatch * rolloutsPerRequest * serialCosts.workerPerRollout) / 2);
    for (const [d, c] of byInFlight) byInFlight.set(d, { ...c, latency });
  }
  return {
    costs: byInFlight.get(defaultInFlight)!, byInFlight, stacksPerRollout, requestsPerBatch, rolloutsPerRequest,
    messaging: trip === null ? "one-worker run" : "message trip",
  };
}

/** The model's stacks per second for a measured run's shape (its batches of 256 rollouts, its k). */
export function predicted(c: Calibration, run: MeasuredRun): number {
  const requests = Math.ceil(run.stacks / c.stacksPerRollout / c.rolloutsPerRequest);
  const costs = c.byInFlight.get(run.inFlight) ?? c.costs;
  const r = simulateProtocol(costs, { workers: Math.max(1, run.workers), batchSize: Math.max(1, Math.round(c.requestsPerBatch)), inFlight: run.inFlight, rollouts: c.rolloutsPerRequest, requests });
  return r.rate * c.stacksPerRollout;
}
