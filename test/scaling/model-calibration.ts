/**
 * The protocol model's costs from the measured runs (docs/scaling.md): the coordinator's time per
 * batch and per request from embedded searches at two batch sizes (and, per in-flight depth D, the
 * embedded search at that D: mcts's virtual loss makes planning dearer as D grows), a worker's
 * time per rollout from the same runs' runner time, the wire's per-request costs from encoding a
 * real batch, and NATS's latency from the one-worker run with one batch in flight. Each cluster
 * run is then predicted, and the error stated.
 */
import { simulateProtocol, type ProtocolCosts } from "../../core/experiment/index.js";
import type { EmbeddedCosts, MeasuredRun } from "./measured-runs.js";
import type { WireCosts } from "./wire-costs.js";

export interface Calibration {
  /** The costs at the default in-flight depth. */
  readonly costs: ProtocolCosts;
  /** The costs at each in-flight depth measured embedded. */
  readonly byInFlight: ReadonlyMap<number, ProtocolCosts>;
  /** Stacks per request (dead ends and rejected stacks are requests too). */
  readonly stacksPerRequest: number;
  readonly batchSize: number;
}

export function calibrate(
  embedded: ReadonlyMap<number, EmbeddedCosts>, defaultInFlight: number, at64: EmbeddedCosts, wire: WireCosts,
  serialOneWorker: MeasuredRun | undefined, stacksPerRequest: number,
): Calibration {
  const at256 = embedded.get(defaultInFlight)!;
  const per = (c: EmbeddedCosts) => c.coordinatorSeconds / c.batches;
  const size = (c: EmbeddedCosts) => c.requests / c.batches;
  const perRequest = Math.max(0, (per(at256) - per(at64)) / (size(at256) - size(at64)));
  const perBatch = Math.max(0, per(at256) - perRequest * size(at256));
  const costsOf = (c: EmbeddedCosts): ProtocolCosts => ({
    coordinatorPerBatch: perBatch,
    coordinatorPerRequest: Math.max(0, (per(c) - perBatch) / size(c)) + wire.coordinatorPerRequest,
    coordinatorPerMessage: 0,
    workerPerRollout: c.runnerSeconds / c.requests + wire.workerPerRequest, workerPerMessage: 0, latency: 0,
    bytesPerRequest: wire.bytesPerRequest, bytesPerResult: wire.bytesPerResult, bandwidth: Infinity,
  });
  const batchSize = 256;
  const byInFlight = new Map([...embedded].map(([d, c]) => [d, costsOf(c)]));
  let latency = 0;
  const serialCosts = byInFlight.get(1);
  if (serialOneWorker !== undefined && serialCosts !== undefined) {
    // One worker, one batch in flight: a batch's time is the coordinator's, the worker's and two trips through NATS.
    const batches = Math.max(1, Math.ceil(serialOneWorker.stacks / stacksPerRequest / batchSize));
    const coordinator = serialCosts.coordinatorPerBatch + batchSize * serialCosts.coordinatorPerRequest;
    latency = Math.max(0, (serialOneWorker.seconds / batches - coordinator - batchSize * serialCosts.workerPerRollout) / 2);
  }
  for (const [d, c] of byInFlight) byInFlight.set(d, { ...c, latency });
  return { costs: byInFlight.get(defaultInFlight)!, byInFlight, stacksPerRequest, batchSize };
}

/** The model's stacks per second for a measured run's shape. */
export function predicted(c: Calibration, run: MeasuredRun): number {
  const requests = Math.ceil(run.stacks / c.stacksPerRequest);
  const costs = c.byInFlight.get(run.inFlight) ?? c.costs;
  const r = simulateProtocol(costs, { workers: Math.max(1, run.workers), batchSize: c.batchSize, inFlight: run.inFlight, rollouts: 1, requests });
  return r.rate * c.stacksPerRequest;
}
