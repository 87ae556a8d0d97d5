/**
 * A discrete-event model of the cluster's search protocol (glossary: protocol model): one
 * coordinator plans a batch of `batchSize` requests, splits it into one message per worker
 * (`chunk` = ⌈batchSize / workers⌉ requests), and keeps up to `inFlight` batches outstanding;
 * workers (one thread each) take messages first come first served, run `rollouts` (k) rollouts per
 * request, and answer; the coordinator absorbs batches in batch order and plans batch n + D once
 * batch n is absorbed. The coordinator is one server: planning, absorbing and its share of the
 * messaging (encoding, decoding, publishing) queue on it. Pure and deterministic (no clock, no
 * randomness): times are seconds of simulated time.
 */

/** What one step of the protocol costs, measured (docs/scaling.md says how). */
export interface ProtocolCosts {
  /** Coordinator seconds per batch (plan + absorb, whatever does not grow with the batch). */
  readonly coordinatorPerBatch: number;
  /** Coordinator seconds per request (plan + absorb + judging + encoding, per request). */
  readonly coordinatorPerRequest: number;
  /** Coordinator seconds per message sent and answered (publish, decode; 0 embedded). */
  readonly coordinatorPerMessage: number;
  /** Worker seconds per rollout (the kernel, scoring included). */
  readonly workerPerRollout: number;
  /** Worker seconds per message (fetch, decode, encode, publish, ack). */
  readonly workerPerMessage: number;
  /** One-way latency of a message through NATS (publish to delivery), seconds. */
  readonly latency: number;
  /** Bytes per request sent and per rollout answered, and the link's bytes per second (Infinity: free). */
  readonly bytesPerRequest: number;
  readonly bytesPerResult: number;
  readonly bandwidth: number;
}

export interface ProtocolShape {
  readonly workers: number;
  readonly batchSize: number;
  readonly inFlight: number;
  /** Rollouts per request (leaf parallelism k; 1 today). */
  readonly rollouts: number;
  /** Requests the search runs (budget / k stacks, about). */
  readonly requests: number;
}

export interface ProtocolRun {
  /** Simulated seconds to run every request. */
  readonly seconds: number;
  /** Rollouts per second. */
  readonly rate: number;
  /** Share of the coordinator's time it was busy. */
  readonly coordinatorBusy: number;
  /** Share of the workers' time they were busy running rollouts. */
  readonly workerBusy: number;
  /** rate / (workers × one worker thread's rollouts per second with nothing else in the way). */
  readonly efficiency: number;
}

/** Simulates one search (see the file's comment). */
export function simulateProtocol(costs: ProtocolCosts, shape: ProtocolShape): ProtocolRun {
  const { workers, batchSize, inFlight, rollouts } = shape;
  if (!(workers >= 1 && batchSize >= 1 && inFlight >= 1 && rollouts >= 1)) throw new RangeError("simulateProtocol: workers, batchSize, inFlight and rollouts must be >= 1");
  const batches = Math.max(1, Math.ceil(shape.requests / batchSize));
  const chunk = Math.ceil(batchSize / workers);
  const messagesPerBatch = Math.ceil(batchSize / chunk);
  const wire = (bytes: number) => (Number.isFinite(costs.bandwidth) ? bytes / costs.bandwidth : 0);
  const planCost = costs.coordinatorPerBatch / 2 + costs.coordinatorPerRequest * batchSize / 2 + costs.coordinatorPerMessage * messagesPerBatch / 2;
  const absorbCost = planCost;
  // Per worker: when it is free next. Messages go to the first free worker (a pull queue).
  const free = new Float64Array(workers);
  let busyWorkers = 0;
  let coordinator = 0; // when the coordinator is free next
  let coordinatorBusy = 0;
  /** When each batch's last answer arrived. */
  const answered = new Float64Array(batches);
  const plan = (n: number, at: number) => {
    const start = Math.max(coordinator, at);
    coordinator = start + planCost;
    coordinatorBusy += planCost;
    let last = 0;
    for (let m = 0; m < messagesPerBatch; m++) {
      const size = Math.min(chunk, batchSize - m * chunk);
      const arrives = coordinator + costs.latency + wire(size * costs.bytesPerRequest);
      let w = 0;
      for (let i = 1; i < workers; i++) if (free[i] < free[w]) w = i;
      const begins = Math.max(free[w], arrives);
      const work = costs.workerPerMessage + size * rollouts * costs.workerPerRollout;
      free[w] = begins + work;
      busyWorkers += size * rollouts * costs.workerPerRollout;
      last = Math.max(last, free[w] + costs.latency + wire(size * costs.bytesPerResult));
    }
    answered[n] = last;
  };
  let planned = 0;
  while (planned < Math.min(inFlight, batches)) plan(planned++, 0);
  for (let n = 0; n < batches; n++) {
    const start = Math.max(coordinator, answered[n]);
    coordinator = start + absorbCost;
    coordinatorBusy += absorbCost;
    if (planned < batches) plan(planned++, coordinator);
  }
  const seconds = coordinator;
  const total = batches * batchSize * rollouts;
  const rate = total / seconds;
  return {
    seconds, rate,
    coordinatorBusy: coordinatorBusy / seconds,
    workerBusy: busyWorkers / (seconds * workers),
    efficiency: rate / (workers / costs.workerPerRollout),
  };
}

/** The embedded search on one thread: plan, run, absorb in series (what the cluster's efficiency is against). */
export function embeddedRate(costs: ProtocolCosts, batchSize: number, rollouts = 1): number {
  const perBatch = costs.coordinatorPerBatch + costs.coordinatorPerRequest * batchSize + batchSize * rollouts * costs.workerPerRollout;
  return (batchSize * rollouts) / perBatch;
}
