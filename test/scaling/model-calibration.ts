/**
 * The protocol model's costs from the measured runs (docs/scaling.md (b)), per workload (graph ×
 * predictor): each has its own coordinator time per request, worker time per rollout, stacks per
 * rollout and requests per batch, taken from its own embedded run at batch 256.
 *
 * - Coordinator: per request, the workload's embedded search time outside the runner per batch,
 *   less the per-batch cost, over its requests per batch; the per-batch cost is tensorflow 2.1
 *   mcts's (its embedded runs at batch 256 and 64). At batch 256, the shape of every measured run,
 *   the split does not change the model's coordinator time per batch (it is the workload's own
 *   measured time): it only matters for the predictions at other batch sizes.
 *   Per in-flight depth D, tensorflow 2.1 mcts's embedded run at that D (mcts's virtual loss makes
 *   planning dearer as D grows).
 * - Worker: per rollout, the workload's runner time per rollout (a request for k leaf rollouts
 *   counts k).
 * - The wire's work per request on both ends: the message trip's (tensorflow 2.1 mcts, on the real
 *   path; test/scaling/message-trip.ts), scaled for other workloads by their codec's time on one of
 *   their own batches against tensorflow 2.1 mcts's (wire-costs.ts); the worker's per-message graph
 *   lookup from the trip.
 * - Messaging CPU: nats-server's CPU per byte carried, and the coordinator's and the worker's CPU per
 *   message beyond their search, rollouts and wire work (the NATS client, acks, progress), from the
 *   CPU counters of the one-worker, D = 1 tensorflow 2.1 mcts run (process-cpu.ts, read from its
 *   first progress event to its answer): that row is in sample for these costs, every other row out
 *   of sample. CPU seconds are divided by the embedded run's share of a core (its CPU / wall time,
 *   1 on a quiet machine) to be in the embedded wall times' currency on a loaded one. The one-way latency is half the trip's two hops less that CPU (the trip's hops are
 *   made of it and of waiting; the model charges the CPU to its process, on shared cores).
 * - Cores: this machine's (os.availableParallelism()) for the measured rows; the predictions give
 *   every process a core.
 *
 * Without a trip (the Kubernetes Job, which starts no nats-server), the wire's per-request costs
 * come from encoding a real batch and the latency is backed out of the one-worker run with one
 * batch in flight (in sample, then); without CPU counters (a cluster not started here), nats-server
 * costs nothing and the cores are a core per process.
 */
import { simulateProtocol, type ProtocolCosts } from "../../core/experiment/index.js";
import type { EmbeddedCosts as MeasuredCosts, MeasuredRun } from "./measured-runs.js";
import type { TripCosts } from "./message-trip.js";
import type { WireCosts } from "./wire-costs.js";

/** What the calibration reads of an embedded run (its sample batch is for the wire costs only). */
export type EmbeddedCosts = Omit<MeasuredCosts, "sample">;

/** One workload's costs and shape. */
export interface WorkloadCalibration {
  /** The costs at the default in-flight depth. */
  readonly costs: ProtocolCosts;
  /** The costs at each in-flight depth measured embedded (tensorflow 2.1 mcts only; others: the default D). */
  readonly byInFlight: ReadonlyMap<number, ProtocolCosts>;
  /** Stacks per rollout (dead ends and rejected stacks are rollouts too). */
  readonly stacksPerRollout: number;
  /** Requests per batch of 256 rollouts, and rollouts per request (k; less on average: polish and start stacks ask for one). */
  readonly requestsPerBatch: number;
  readonly rolloutsPerRequest: number;
}

export interface Calibration extends WorkloadCalibration {
  /** Per workload name; the top-level fields are the reference workload's (tensorflow 2.1 mcts), for the predictions. */
  readonly workloads: ReadonlyMap<string, WorkloadCalibration>;
  readonly reference: string;
  /** Where the latency and per-message costs come from. */
  readonly messaging: "message trip" | "one-worker run";
  /** Where nats-server's and the coordinator's messaging CPU come from ("" when not measured). */
  readonly cpuSource: string;
  /** Cores the measured rows ran on (processor sharing in the model). */
  readonly cores: number;
  /** The model as it was before per-workload costs and shared cores: the reference's costs per D, messaging CPU in the latency. */
  readonly before: ReadonlyMap<number, ProtocolCosts>;
}

/** What each workload's embedded run measured, at the default D. */
export interface WorkloadMeasurement {
  readonly costs: EmbeddedCosts;
  readonly wire: WireCosts;
}

export interface CalibrationInput {
  /** The reference workload (tensorflow 2.1 mcts): its embedded runs per D, and at batch 64. */
  readonly reference: string;
  readonly referenceByInFlight: ReadonlyMap<number, EmbeddedCosts>;
  readonly defaultInFlight: number;
  readonly at64: EmbeddedCosts;
  readonly workloads: ReadonlyMap<string, WorkloadMeasurement>;
  readonly trip: TripCosts | null;
  /** Every measured run (embedded and cluster; cluster runs started here carry CPU counters). */
  readonly runs: readonly MeasuredRun[];
  /** This machine's cores (os.availableParallelism()). */
  readonly cores: number;
}

export function calibrate(input: CalibrationInput): Calibration {
  const { reference, defaultInFlight: D, trip } = input;
  const ref = input.workloads.get(reference);
  if (ref === undefined) throw new Error(`calibrate: no measurement of the reference workload ${reference}`);
  const per = (c: EmbeddedCosts) => c.coordinatorSeconds / c.batches;
  const size = (c: EmbeddedCosts) => c.requests / c.batches;
  const at256 = input.referenceByInFlight.get(D) ?? ref.costs;
  const perRequestRef = Math.max(0, (per(at256) - per(input.at64)) / (size(at256) - size(input.at64)));
  const perBatch = Math.max(0, per(at256) - perRequestRef * size(at256));
  const stacksOf = (name: string, d: number) => input.runs.find((r) => r.workload === name && r.workers === 0 && r.inFlight === d)?.stacks
    ?? input.runs.find((r) => r.workload === name && r.workers === 0)?.stacks ?? NaN;

  // The wire's per-request work: the trip's (reference workload), scaled per workload by the codec's ratio.
  const wireOf = (m: WorkloadMeasurement) => ({
    coordinator: trip === null ? m.wire.coordinatorPerRequest : trip.coordinatorPerRequest * m.wire.coordinatorPerRequest / ref.wire.coordinatorPerRequest,
    worker: trip === null ? m.wire.workerPerRequest : trip.workerPerRequest * m.wire.workerPerRequest / ref.wire.workerPerRequest,
  });
  const costsOf = (c: EmbeddedCosts, m: WorkloadMeasurement): ProtocolCosts => {
    const wire = wireOf(m);
    return {
      coordinatorPerBatch: perBatch,
      coordinatorPerRequest: Math.max(0, (per(c) - perBatch) / size(c)) + wire.coordinator,
      coordinatorPerMessage: 0,
      workerPerRollout: c.runnerSeconds / c.rollouts + wire.worker * c.requests / c.rollouts,
      workerPerMessage: trip === null ? 0 : trip.workerPerMessage,
      latency: trip === null ? 0 : trip.latency,
      bytesPerRequest: m.wire.bytesPerRequest, bytesPerResult: m.wire.bytesPerResult, bandwidth: Infinity,
    };
  };
  const shapeOf = (name: string, c: EmbeddedCosts) => ({
    stacksPerRollout: stacksOf(name, D) / c.rollouts, requestsPerBatch: size(c), rolloutsPerRequest: c.rollouts / c.requests,
  });

  const workloads = new Map<string, WorkloadCalibration>();
  for (const [name, m] of input.workloads) {
    const costs = costsOf(m.costs, m);
    const byInFlight = new Map<number, ProtocolCosts>([[D, costs]]);
    if (name === reference) for (const [d, c] of input.referenceByInFlight) byInFlight.set(d, costsOf(c, m));
    workloads.set(name, { costs, byInFlight, ...shapeOf(name, m.costs) });
  }

  // nats-server's CPU per byte and the coordinator's messaging CPU per message, from the counters of the
  // reference's one-worker D = 1 run; then the latency beyond nats-server's CPU.
  const serial = input.runs.find((r) => r.workload === reference && r.workers === 1 && r.inFlight === 1);
  const refCal = workloads.get(reference)!;
  let before = refCal.byInFlight;
  let cpuSource = "";
  let cores = Infinity;
  let natsPerByte = 0;
  let coordinatorPerMessage = 0;
  let workerExtra = 0;
  let natsInTrip = 0;
  if (serial?.cpu !== undefined && serial.cpu.stacks > 0 && Number.isFinite(serial.cpu.nats) && Number.isFinite(serial.cpu.coordinator)) {
    const serialCosts = refCal.byInFlight.get(1) ?? refCal.costs;
    // The embedded costs are wall times; on a loaded machine the embedded run got a share of a core (CPU / wall) and
    // they carry the load. CPU counters are turned into the same currency by that share.
    const share = input.referenceByInFlight.get(1)?.cpuShare ?? ref.costs.cpuShare ?? 1;
    const wallOf = (cpuSeconds: number) => cpuSeconds / (share > 0 ? share : 1);
    const batches = serial.cpu.stacks / refCal.stacksPerRollout / refCal.rolloutsPerRequest / refCal.requestsPerBatch;
    const bytesPerBatch = refCal.requestsPerBatch * (serialCosts.bytesPerRequest + serialCosts.bytesPerResult);
    natsPerByte = wallOf(serial.cpu.nats) / batches / bytesPerBatch;
    natsInTrip = wallOf(serial.cpu.nats) / batches;
    // The coordinator's and the worker's CPU beyond what the embedded run and the trip account for: their messaging (NATS client, acks, progress).
    const coordinator = serialCosts.coordinatorPerBatch + refCal.requestsPerBatch * serialCosts.coordinatorPerRequest;
    coordinatorPerMessage = Math.max(0, wallOf(serial.cpu.coordinator) / batches - coordinator);
    const worker = serialCosts.workerPerMessage + refCal.requestsPerBatch * refCal.rolloutsPerRequest * serialCosts.workerPerRollout;
    workerExtra = Math.max(0, wallOf(serial.cpu.workers[0] ?? NaN) / batches - worker) || 0;
    cores = input.cores;
    cpuSource = `the CPU counters of the ${reference} 1-worker D = 1 run (${serial.cpu.stacks.toLocaleString("en-US")} stacks, ${batches.toFixed(0)} batches; `
      + `divided by the embedded run's share of a core, ${share.toFixed(2)}, to compare with its wall times)`;
  }
  // The trip's two hops (one message each way per batch, at D = 1) are that CPU (nats-server's and both clients' messaging) and
  // waiting: the model charges the CPU to its process, on shared cores, and keeps the rest as latency.
  const hopCpu = (natsInTrip + coordinatorPerMessage + workerExtra) / 2;
  const withMessaging = (c: ProtocolCosts): ProtocolCosts => ({
    ...c, natsPerByte, coordinatorPerMessage, workerPerMessage: c.workerPerMessage + workerExtra, latency: Math.max(0, c.latency - hopCpu),
  });
  for (const [name, w] of workloads) {
    workloads.set(name, { ...w, costs: withMessaging(w.costs), byInFlight: new Map([...w.byInFlight].map(([d, c]) => [d, withMessaging(c)])) });
  }

  // Without a trip, the latency backed out of the one-worker D = 1 run (in sample).
  if (trip === null && serial !== undefined) {
    const w = workloads.get(reference)!;
    const c = w.byInFlight.get(1) ?? w.costs;
    const batches = Math.max(1, Math.ceil(serial.stacks / w.stacksPerRollout / w.rolloutsPerRequest / w.requestsPerBatch));
    const coordinator = c.coordinatorPerBatch + w.requestsPerBatch * c.coordinatorPerRequest;
    const latency = Math.max(0, (serial.seconds / batches - coordinator - w.requestsPerBatch * w.rolloutsPerRequest * c.workerPerRollout) / 2);
    for (const [name, x] of workloads) {
      workloads.set(name, { ...x, costs: { ...x.costs, latency }, byInFlight: new Map([...x.byInFlight].map(([d, y]) => [d, { ...y, latency }])) });
    }
    before = new Map([...before].map(([d, y]) => [d, { ...y, latency }]));
  }
  const top = workloads.get(reference)!;
  return { ...top, workloads, reference, messaging: trip === null ? "one-worker run" : "message trip", cpuSource, cores, before };
}

/** The model's stacks per second for a measured run's shape (its workload's costs, its batches of 256 rollouts, its k), on `cores` (default: the calibration's). */
export function predicted(c: Calibration, run: MeasuredRun, cores = c.cores): number {
  const w = c.workloads.get(run.workload) ?? c;
  const requests = Math.ceil(run.stacks / w.stacksPerRollout / w.rolloutsPerRequest);
  const costs = w.byInFlight.get(run.inFlight) ?? w.costs;
  const r = simulateProtocol(costs, {
    workers: Math.max(1, run.workers), batchSize: Math.max(1, Math.round(w.requestsPerBatch)), inFlight: run.inFlight, rollouts: w.rolloutsPerRequest, requests, cores,
  });
  return r.rate * w.stacksPerRollout;
}

/**
 * The model as it was before per-workload costs and shared cores, for the page's comparison: the
 * reference workload's costs for every workload, a core per process, nats-server free (its CPU
 * back in the latency).
 */
export function predictedBefore(c: Calibration, run: MeasuredRun): number {
  const whole = c.before.get(run.inFlight) ?? [...c.before.values()][0]; // the default D's first
  const requests = Math.ceil(run.stacks / c.stacksPerRollout / c.rolloutsPerRequest);
  const r = simulateProtocol(whole, { workers: Math.max(1, run.workers), batchSize: Math.max(1, Math.round(c.requestsPerBatch)), inFlight: run.inFlight, rollouts: c.rolloutsPerRequest, requests });
  return r.rate * c.stacksPerRollout;
}
