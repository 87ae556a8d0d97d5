/**
 * The protocol model's costs from the measured runs (docs/scaling.md): the coordinator's time per
 * batch and per request from embedded searches at two batch sizes, a worker's time per rollout
 * from the same runs' runner time, the wire's per-request costs from encoding a real batch, and
 * NATS's latency and a worker's per-message time from the one-worker runs with 1 and with D
 * batches in flight. Each cluster run is then predicted, and the error stated.
 */
import { simulateProtocol, type ProtocolCosts } from "../../core/experiment/index.js";
import type { EmbeddedCosts, MeasuredRun } from "./measured-runs.js";
import type { WireCosts } from "./wire-costs.js";

export interface Calibration {
  readonly costs: ProtocolCosts;
  /** Stacks per request (dead ends and rejected stacks are requests too). */
  readonly stacksPerRequest: number;
  readonly batchSize: number;
}

export function calibrate(at256: EmbeddedCosts, at64: EmbeddedCosts, wire: WireCosts, oneWorker: readonly MeasuredRun[], stacksPerRequest: number): Calibration {
  const per = (c: EmbeddedCosts) => c.coordinatorSeconds / c.batches;
  const b256 = at256.requests / at256.batches;
  const b64 = at64.requests / at64.batches;
  const perRequest = Math.max(0, (per(at256) - per(at64)) / (b256 - b64));
  const perBatch = Math.max(0, per(at256) - perRequest * b256);
  const rollout = at256.runnerSeconds / at256.requests + wire.workerPerRequest;
  const base: ProtocolCosts = {
    coordinatorPerBatch: perBatch, coordinatorPerRequest: perRequest + wire.coordinatorPerRequest, coordinatorPerMessage: 0,
    workerPerRollout: rollout, workerPerMessage: 0, latency: 0, bytesPerRequest: wire.bytesPerRequest, bytesPerResult: wire.bytesPerResult, bandwidth: Infinity,
  };
  const batchSize = 256;
  const perBatchMeasured = (r: MeasuredRun) => r.seconds / Math.max(1, Math.ceil(r.stacks / stacksPerRequest / batchSize));
  const serial = oneWorker.find((r) => r.inFlight === 1);
  const piped = [...oneWorker].filter((r) => r.inFlight > 1).sort((a, b) => b.inFlight - a.inFlight)[0];
  const coordinator = perBatch + batchSize * base.coordinatorPerRequest;
  const work = batchSize * rollout;
  // Pipelined, one worker is the bottleneck when it is slower than the coordinator: what it spends beyond the rollouts is per message.
  const workerPerMessage = piped !== undefined && work >= coordinator ? Math.max(0, perBatchMeasured(piped) - work) : 0;
  const latency = serial !== undefined ? Math.max(0, (perBatchMeasured(serial) - coordinator - work - workerPerMessage) / 2) : 0;
  return { costs: { ...base, workerPerMessage, latency }, stacksPerRequest, batchSize };
}

/** The model's stacks per second for a measured run's shape. */
export function predicted(c: Calibration, run: MeasuredRun): number {
  const requests = Math.ceil(run.stacks / c.stacksPerRequest);
  const r = simulateProtocol(c.costs, { workers: Math.max(1, run.workers), batchSize: c.batchSize, inFlight: run.inFlight, rollouts: 1, requests });
  return r.rate * c.stacksPerRequest;
}
