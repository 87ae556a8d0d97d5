import { describe, expect, it } from "vitest";
import { embeddedRate, simulateProtocol, type ProtocolCosts } from "./protocol-model.js";

const costs: ProtocolCosts = {
  coordinatorPerBatch: 1e-4, coordinatorPerRequest: 4e-6, coordinatorPerMessage: 0, workerPerRollout: 4e-5, workerPerMessage: 0,
  latency: 0, bytesPerRequest: 0, bytesPerResult: 0, bandwidth: Infinity,
};
const shape = { workers: 1, batchSize: 256, inFlight: 1, rollouts: 1, requests: 100_000 };

describe("the protocol model", () => {
  it("with one worker, no latency and one batch in flight, is the embedded search (plan, run, absorb in series)", () => {
    expect(simulateProtocol(costs, shape).rate).toBeCloseTo(embeddedRate(costs, 256), -1);
  });

  it("hides the latency behind batches in flight, and more workers are never slower", () => {
    const slow = { ...costs, latency: 2.5e-3 };
    const d1 = simulateProtocol(slow, shape).rate;
    const d4 = simulateProtocol(slow, { ...shape, inFlight: 4 }).rate;
    expect(d4).toBeGreaterThan(1.5 * d1);
    let last = 0;
    for (const workers of [1, 2, 4, 8, 16]) {
      const r = simulateProtocol(slow, { ...shape, workers, inFlight: 8 }).rate;
      expect(r).toBeGreaterThanOrEqual(last * 0.999);
      last = r;
    }
  });

  it("saturates at the coordinator: past it, the rate is the batch over the coordinator's time per batch", () => {
    const r = simulateProtocol(costs, { ...shape, workers: 256, inFlight: 16 });
    const bound = 256 / (costs.coordinatorPerBatch + 256 * costs.coordinatorPerRequest);
    expect(r.rate).toBeLessThanOrEqual(bound * 1.001);
    expect(r.rate).toBeGreaterThan(bound * 0.9);
    expect(r.coordinatorBusy).toBeGreaterThan(0.9);
    expect(r.efficiency).toBeLessThan(0.3);
  });

  it("leaf parallelism divides the coordinator's work per rollout by k", () => {
    const k1 = simulateProtocol(costs, { ...shape, workers: 64, inFlight: 8 });
    const k8 = simulateProtocol(costs, { ...shape, workers: 64, inFlight: 8, rollouts: 8, requests: shape.requests / 8 });
    expect(k8.rate).toBeGreaterThan(4 * k1.rate);
  });
});
