import { describe, expect, it } from "vitest";
import { calibrate, predicted, predictedBefore, type CalibrationInput, type EmbeddedCosts } from "./model-calibration.js";
import type { MeasuredRun } from "./measured-runs.js";
import type { TripCosts } from "./message-trip.js";

// Two workloads measured embedded at batch 256 (80 batches of 256 requests): the reference spends
// 20 µs per request on the coordinator and 30 µs per rollout in the runner, the other 5 and 10.
const embedded = (coordinatorUs: number, runnerUs: number, batch = 256): EmbeddedCosts => ({
  batches: 80, requests: 80 * batch, rollouts: 80 * batch, coordinatorSeconds: 80 * (1e-3 + batch * coordinatorUs * 1e-6), runnerSeconds: 80 * batch * runnerUs * 1e-6,
});
const wire = { coordinatorPerRequest: 4e-6, workerPerRequest: 2e-6, bytesPerRequest: 200, bytesPerResult: 100 };
const trip: TripCosts = {
  latency: 2e-3, coordinatorPerRequest: 5e-6, workerPerRequest: 3e-6, workerPerMessage: 3e-4, requestsPerMessage: 256, rows: [], batches: 80, stacksPerSecond: 0, best: 0,
};
const run = (workload: string, workers: number, inFlight: number, stacksPerSecond: number, cpu?: MeasuredRun["cpu"]): MeasuredRun => ({
  workload, setup: workers === 0 ? "embedded, 1 thread" : `${workers} worker(s)`, workers, inFlight, stacks: 20_480, seconds: 20_480 / stacksPerSecond, stacksPerSecond, best: 1, trace: [], cpu,
});
const input = (cpu?: MeasuredRun["cpu"]): CalibrationInput => ({
  reference: "ref", defaultInFlight: 1, referenceByInFlight: new Map([[1, embedded(20, 30)]]), at64: embedded(20, 30, 64),
  workloads: new Map([["ref", { costs: embedded(20, 30), wire }], ["light", { costs: embedded(5, 10), wire: { ...wire, bytesPerRequest: 100, bytesPerResult: 50 } }]]),
  trip, cores: 2,
  runs: [run("ref", 0, 1, 20_000), run("light", 0, 1, 60_000), run("ref", 1, 1, 12_000, cpu), run("light", 1, 1, 30_000), run("ref", 1, 2, 15_000)],
});

describe("the model's calibration", () => {
  it("gives each workload its own costs: a lighter workload is predicted faster, where the old model gave both one rate", () => {
    const c = calibrate(input());
    const ref = predicted(c, run("ref", 1, 1, 1));
    const light = predicted(c, run("light", 1, 1, 1));
    expect(light).toBeGreaterThan(1.5 * ref);
    expect(predictedBefore(c, run("light", 1, 1, 1))).toBeCloseTo(predictedBefore(c, run("ref", 1, 1, 1)), 6);
    expect(c.workloads.get("light")!.costs.workerPerRollout).toBeCloseTo(10e-6 + 3e-6, 9); // runner + the trip's wire work per request
    expect(c.costs.coordinatorPerBatch).toBeCloseTo(1e-3, 9); // from batch 256 against 64
  });

  it("without CPU counters, gives every process a core and nats-server nothing", () => {
    const c = calibrate(input());
    expect(c.cores).toBe(Infinity);
    expect(c.costs.natsPerByte).toBe(0);
    expect(c.costs.latency).toBeCloseTo(2e-3, 12);
    expect(predicted(c, run("ref", 1, 1, 1))).toBeCloseTo(predictedBefore(c, run("ref", 1, 1, 1)), 6);
  });

  it("with CPU counters, charges nats-server per byte and the messaging CPU apart from the latency, on this machine's cores", () => {
    // 80 batches; nats-server 1 ms per batch of (200 + 100) × 256 bytes; the coordinator 1 ms per batch beyond its 7.4 ms; the worker as modelled.
    const cpu = { wall: 2, stacks: 20_480, coordinator: 80 * (1e-3 + 256 * 25e-6 + 1e-3), workers: [80 * (3e-4 + 256 * 33e-6)], nats: 80 * 1e-3, driver: 0 };
    const c = calibrate(input(cpu));
    expect(c.cores).toBe(2);
    expect(c.costs.natsPerByte).toBeCloseTo(1e-3 / (256 * 300), 12);
    expect(c.costs.coordinatorPerMessage).toBeCloseTo(1e-3, 6);
    expect(c.costs.workerPerMessage).toBeCloseTo(3e-4, 6);
    // The trip's hops held that CPU: half of nats-server's and the coordinator's per batch leave the latency.
    expect(c.costs.latency).toBeCloseTo(2e-3 - (1e-3 + 1e-3) / 2, 6);
    expect(c.cpuSource).toMatch(/1-worker D = 1/);
    // Two workers at D = 2 on two shared cores (the coordinator and both workers busy at once) are slower than with a core per process.
    expect(predicted(c, run("ref", 2, 2, 1))).toBeLessThan(0.9 * predicted(c, run("ref", 2, 2, 1), Infinity));
  });

  it("turns CPU counters into the embedded runs' wall-time currency by the share of a core the embedded run got", () => {
    const cpu = { wall: 2, stacks: 20_480, coordinator: 80 * (1e-3 + 256 * 25e-6 + 1e-3), workers: [80 * (3e-4 + 256 * 33e-6)], nats: 80 * 1e-3, driver: 0 };
    const loaded = input(cpu);
    const c = calibrate({ ...loaded, referenceByInFlight: new Map([[1, { ...embedded(20, 30), cpuShare: 0.5 }]]) });
    expect(c.costs.natsPerByte).toBeCloseTo(2e-3 / (256 * 300), 12);
    expect(c.costs.coordinatorPerMessage).toBeCloseTo(2 * 8.4e-3 - 7.4e-3, 6);
    expect(c.cpuSource).toMatch(/share of a core, 0\.50/);
  });
});
