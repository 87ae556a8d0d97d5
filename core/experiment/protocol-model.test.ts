import { describe, expect, it } from "vitest";
import { embeddedRate, simulateProtocol, type ProtocolCosts, type ProtocolShape } from "./protocol-model.js";

const costs: ProtocolCosts = {
  coordinatorPerBatch: 1e-4, coordinatorPerRequest: 4e-6, coordinatorPerMessage: 0, workerPerRollout: 4e-5, workerPerMessage: 0,
  latency: 0, bytesPerRequest: 0, bytesPerResult: 0, bandwidth: Infinity,
};
const shape = { workers: 1, batchSize: 256, inFlight: 1, rollouts: 1, requests: 100_000 };

/**
 * The model as it was before processor sharing (every process a core of its own): messages given at
 * planning time to the worker free first. The event-driven model must reproduce it with cores = Infinity.
 */
function wholeCoresModel(c: ProtocolCosts, s: ProtocolShape): number {
  const batches = Math.max(1, Math.ceil(s.requests / s.batchSize));
  const chunk = Math.ceil(s.batchSize / s.workers);
  const messages = Math.ceil(s.batchSize / chunk);
  const wire = (bytes: number) => (Number.isFinite(c.bandwidth) ? bytes / c.bandwidth : 0);
  const half = c.coordinatorPerBatch / 2 + c.coordinatorPerRequest * s.batchSize / 2 + c.coordinatorPerMessage * messages / 2;
  const free = new Float64Array(s.workers);
  let coordinator = 0;
  const answered = new Float64Array(batches);
  const plan = (n: number, at: number) => {
    coordinator = Math.max(coordinator, at) + half;
    let last = 0;
    for (let m = 0; m < messages; m++) {
      const size = Math.min(chunk, s.batchSize - m * chunk);
      const arrives = coordinator + c.latency + wire(size * c.bytesPerRequest);
      let w = 0;
      for (let i = 1; i < s.workers; i++) if (free[i] < free[w]) w = i;
      free[w] = Math.max(free[w], arrives) + c.workerPerMessage + size * s.rollouts * c.workerPerRollout;
      last = Math.max(last, free[w] + c.latency + wire(size * c.bytesPerResult));
    }
    answered[n] = last;
  };
  let planned = 0;
  while (planned < Math.min(s.inFlight, batches)) plan(planned++, 0);
  for (let n = 0; n < batches; n++) {
    coordinator = Math.max(coordinator, answered[n]) + half;
    if (planned < batches) plan(planned++, coordinator);
  }
  return (batches * s.batchSize * s.rollouts) / coordinator;
}

describe("the protocol model", () => {
  it("with one worker, no latency and one batch in flight, is the embedded search (plan, run, absorb in series)", () => {
    expect(simulateProtocol(costs, shape).rate).toBeCloseTo(embeddedRate(costs, 256), -1);
  });

  it("with cores = Infinity and no nats-server cost, gives the whole-cores model's rates", () => {
    const measured = { ...costs, latency: 1.8e-3, workerPerMessage: 2.8e-4, coordinatorPerMessage: 3e-5, bytesPerRequest: 231, bytesPerResult: 106, bandwidth: 1e8 };
    let compared = 0;
    for (const c of [costs, measured]) for (const workers of [1, 2, 3, 8, 64]) for (const inFlight of [1, 2, 4]) for (const rollouts of [1, 8]) {
      // 3 workers get messages of 86, 86 and 84 requests: on a link of finite bandwidth the smaller one
      // arrives first, and the workers' pull queue serves it first where the old model served in plan order.
      if (c === measured && workers === 3) continue;
      const s = { workers, batchSize: 256, inFlight, rollouts, requests: 20_000 / rollouts };
      const expected = wholeCoresModel(c, s);
      expect(simulateProtocol(c, s).rate / expected).toBeCloseTo(1, 9);
      expect(simulateProtocol(c, { ...s, cores: Infinity }).rate / expected).toBeCloseTo(1, 9);
      compared++;
    }
    expect(compared).toBe(54);
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

  it("on one core, one worker at D = 2 is no faster than the coordinator's and the worker's time per batch in series", () => {
    const c = { ...costs, coordinatorPerRequest: 3e-5, latency: 1e-3, workerPerMessage: 2e-4, natsPerMessage: 5e-5 };
    const s = { ...shape, inFlight: 2, cores: 1 };
    const perBatch = c.coordinatorPerBatch + 256 * c.coordinatorPerRequest + c.workerPerMessage + 256 * c.workerPerRollout;
    const r = simulateProtocol(c, s);
    expect(r.rate).toBeLessThanOrEqual(256 / perBatch);
    // nats-server's CPU shares the core too: the bound holds with its two hops per batch added.
    expect(r.rate).toBeLessThanOrEqual(256 / (perBatch + 2 * c.natsPerMessage) * 1.000001);
    // With whole cores the same shape overlaps the two and is much faster.
    expect(simulateProtocol(c, { ...s, cores: Infinity }).rate).toBeGreaterThan(1.5 * r.rate);
  });

  it("is monotone in cores: more cores are never slower", () => {
    const c = { ...costs, latency: 1.5e-3, workerPerMessage: 2.8e-4, natsPerMessage: 1e-4 };
    for (const [workers, inFlight] of [[1, 1], [1, 2], [2, 1], [2, 2], [4, 4]]) {
      let last = 0;
      for (const cores of [0.5, 1, 1.5, 2, 3, 4, 8, Infinity]) {
        const r = simulateProtocol(c, { ...shape, requests: 20_000, workers, inFlight, cores }).rate;
        expect(r).toBeGreaterThanOrEqual(last * (1 - 1e-9));
        last = r;
      }
    }
  });

  it("charges nats-server per message: with its cost the rate falls, and on few cores by more", () => {
    const c = { ...costs, latency: 1e-3 };
    const s = { ...shape, workers: 2, inFlight: 2, requests: 20_000 };
    const free = simulateProtocol(c, { ...s, cores: 2 }).rate;
    const paid = simulateProtocol({ ...c, natsPerMessage: 2e-4 }, { ...s, cores: 2 }).rate;
    expect(paid).toBeLessThan(free);
    const wide = simulateProtocol({ ...c, natsPerMessage: 2e-4 }, { ...s, cores: Infinity }).rate;
    expect(paid).toBeLessThan(wide);
  });

  it("charges nats-server per byte: larger messages cost it more", () => {
    const c = { ...costs, latency: 1e-3, natsPerByte: 2e-8, bytesPerRequest: 100, bytesPerResult: 50 };
    const s = { ...shape, workers: 2, inFlight: 2, requests: 20_000, cores: 2 };
    const small = simulateProtocol(c, s).rate;
    const large = simulateProtocol({ ...c, bytesPerRequest: 1_000, bytesPerResult: 500 }, s).rate;
    expect(large).toBeLessThan(small);
    // At D = 1 and one worker the hops are in series: each batch pays nats-server's CPU for both messages.
    const serial = simulateProtocol(c, { ...s, workers: 1, inFlight: 1, cores: Infinity });
    const perBatch = 1e-4 + 256 * 4e-6 + 256 * 4e-5 + 2 * 1e-3 + 2e-8 * 256 * 150;
    expect(serial.seconds / Math.ceil(20_000 / 256)).toBeCloseTo(perBatch, 9);
  });

  it("rejects cores <= 0", () => {
    expect(() => simulateProtocol(costs, { ...shape, cores: 0 })).toThrow(/cores/);
  });
});
