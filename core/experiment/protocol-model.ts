/**
 * A discrete-event model of the cluster's search protocol (glossary: protocol model): one
 * coordinator plans a batch of `batchSize` requests, splits it into one message per worker
 * (`chunk` = ⌈batchSize / workers⌉ requests), and keeps up to `inFlight` batches outstanding;
 * workers (one thread each) take messages first come first served, run `rollouts` (k) rollouts per
 * request, and answer; the coordinator absorbs batches in batch order and plans batch n + D once
 * batch n is absorbed. The coordinator is one server: planning, absorbing and its share of the
 * messaging (encoding, decoding, publishing) queue on it. nats-server is one more server: every
 * message and every answer costs it `natsPerMessage` + `natsPerByte` × its bytes of CPU (first come
 * first served), then travels `latency` seconds. The machine has `cores` cores shared by processor sharing: when more
 * of the coordinator, nats-server and the workers have work than there are cores, each runs at
 * cores / runnable speed (Infinity: every process has a core of its own). Pure and deterministic
 * (no clock, no randomness): times are seconds of simulated time.
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
  /** One-way latency of a message through NATS (publish to delivery, beyond nats-server's CPU), seconds. */
  readonly latency: number;
  /** nats-server CPU seconds per message carried one way (a message or its answer: store, deliver, acks). 0 when absent. */
  readonly natsPerMessage?: number;
  /** nats-server CPU seconds per byte carried (a JetStream message is stored and copied: its cost grows with its size). 0 when absent. */
  readonly natsPerByte?: number;
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
  /** Cores the coordinator, nats-server and the workers share (processor sharing); absent or Infinity: a core each. */
  readonly cores?: number;
}

export interface ProtocolRun {
  /** Simulated seconds to run every request. */
  readonly seconds: number;
  /** Rollouts per second. */
  readonly rate: number;
  /** Share of the time the coordinator had work (at whatever speed its share of the cores gave it). */
  readonly coordinatorBusy: number;
  /** Share of the workers' time they were busy running rollouts (CPU seconds of rollouts / (seconds × workers)). */
  readonly workerBusy: number;
  /** rate / (workers × one worker thread's rollouts per second with nothing else in the way). */
  readonly efficiency: number;
}

/** A binary min-heap of (key, value) pairs, ties in insertion order (deterministic). */
function createHeap() {
  let keys = new Float64Array(64);
  let seqs = new Float64Array(64);
  let values = new Int32Array(64);
  let size = 0;
  let seq = 0;
  const less = (i: number, j: number) => keys[i] < keys[j] || (keys[i] === keys[j] && seqs[i] < seqs[j]);
  const swap = (i: number, j: number) => {
    const k = keys[i]; keys[i] = keys[j]; keys[j] = k;
    const s = seqs[i]; seqs[i] = seqs[j]; seqs[j] = s;
    const v = values[i]; values[i] = values[j]; values[j] = v;
  };
  return {
    get size() { return size; },
    minKey: () => (size > 0 ? keys[0] : Infinity),
    push(key: number, value: number) {
      if (size === keys.length) {
        const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => { const b = make(a.length * 2); b.set(a); return b; };
        keys = grow(keys, (n) => new Float64Array(n));
        seqs = grow(seqs, (n) => new Float64Array(n));
        values = grow(values, (n) => new Int32Array(n));
      }
      let i = size++;
      keys[i] = key; seqs[i] = seq++; values[i] = value;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!less(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    },
    pop(): number {
      const top = values[0];
      size--;
      if (size > 0) {
        keys[0] = keys[size]; seqs[0] = seqs[size]; values[0] = values[size];
        let i = 0;
        for (;;) {
          const l = 2 * i + 1, r = l + 1;
          let m = i;
          if (l < size && less(l, m)) m = l;
          if (r < size && less(r, m)) m = r;
          if (m === i) break;
          swap(i, m);
          i = m;
        }
      }
      return top;
    },
  };
}

/** Simulates one search (see the file's comment). */
export function simulateProtocol(costs: ProtocolCosts, shape: ProtocolShape): ProtocolRun {
  const { workers, batchSize, inFlight, rollouts } = shape;
  const cores = shape.cores ?? Infinity;
  if (!(workers >= 1 && batchSize >= 1 && inFlight >= 1 && rollouts >= 1)) throw new RangeError("simulateProtocol: workers, batchSize, inFlight and rollouts must be >= 1");
  if (!(cores > 0)) throw new RangeError(`simulateProtocol: cores must be > 0, got ${cores}`);
  const batches = Math.max(1, Math.ceil(shape.requests / batchSize));
  const chunk = Math.ceil(batchSize / workers);
  const messagesPerBatch = Math.ceil(batchSize / chunk);
  const wire = (bytes: number) => (Number.isFinite(costs.bandwidth) ? bytes / costs.bandwidth : 0);
  const planCost = costs.coordinatorPerBatch / 2 + costs.coordinatorPerRequest * batchSize / 2 + costs.coordinatorPerMessage * messagesPerBatch / 2;
  const absorbCost = planCost;
  const natsPerMessage = costs.natsPerMessage ?? 0;
  const natsPerByte = costs.natsPerByte ?? 0;
  const sizeOf = (m: number) => Math.min(chunk, batchSize - m * chunk);
  const bytesOf = (event: number) => sizeOf((event >= 0 ? event : -1 - event) % messagesPerBatch) * (event >= 0 ? costs.bytesPerRequest : costs.bytesPerResult);
  const natsCost = (event: number) => natsPerMessage + natsPerByte * bytesOf(event);

  // Processes: 0 the coordinator, 1 nats-server, 2 + i worker i. Each has at most one CPU job in
  // service; all in service progress at one speed, so a job ends at a fixed point of the virtual
  // work clock `work` (CPU seconds a process with work has had), whatever the speed does meanwhile.
  const COORDINATOR = 0, NATS = 1;
  const jobs = createHeap(); // (virtual end, process)
  let now = 0;
  let work = 0;
  const speed = () => (jobs.size <= cores ? 1 : cores / jobs.size);
  // Deliveries after the latency: (time, event). Events: m >= 0 a message (batch * messagesPerBatch + index)
  // reaching the workers' queue; -1 - m its answer reaching the coordinator.
  const deliveries = createHeap();

  // The coordinator's program: plan 0 .. D-1, then absorb n, plan n + D, absorb n + 1, ...
  const answers = new Int32Array(batches);
  let planned = 0;
  let absorbed = 0;
  let coordinatorJob: "plan" | "absorb" | null = null;
  let coordinatorWaiting = false;
  let coordinatorBusySince = 0;
  let coordinatorBusy = 0;
  const startCoordinator = () => {
    coordinatorWaiting = false;
    if (planned < batches && planned < absorbed + inFlight) {
      coordinatorJob = "plan";
      jobs.push(work + planCost, COORDINATOR);
    } else if (absorbed < batches) {
      if (answers[absorbed] < messagesPerBatch) { coordinatorJob = null; coordinatorWaiting = true; return; }
      coordinatorJob = "absorb";
      jobs.push(work + absorbCost, COORDINATOR);
    } else {
      coordinatorJob = null;
      return;
    }
    coordinatorBusySince = now;
  };

  // nats-server: a queue of hops (message ids as deliveries' events), served first come first served.
  const natsQueue: number[] = [];
  let natsHead = 0;
  const hop = (event: number) => {
    if (natsPerMessage === 0 && natsPerByte === 0) { deliver(event); return; }
    natsQueue.push(event);
    if (natsQueue.length - natsHead === 1) jobs.push(work + natsCost(event), NATS);
  };
  const deliver = (event: number) => deliveries.push(now + costs.latency + wire(bytesOf(event)), event);

  // Workers: idle ones in a queue (the longest idle takes the next message), messages waiting in another.
  const idle = new Int32Array(workers);
  let idleHead = 0, idleCount = workers;
  for (let i = 0; i < workers; i++) idle[i] = i;
  const waiting: number[] = [];
  let waitingHead = 0;
  const running = new Int32Array(workers);
  let rolloutSeconds = 0;
  const startWorker = (w: number, m: number) => {
    running[w] = m;
    const size = sizeOf(m % messagesPerBatch);
    rolloutSeconds += size * rollouts * costs.workerPerRollout;
    jobs.push(work + costs.workerPerMessage + size * rollouts * costs.workerPerRollout, 2 + w);
  };

  startCoordinator();
  while (absorbed < batches) {
    const s = speed();
    const jobEnds = jobs.size > 0 ? now + (jobs.minKey() - work) / s : Infinity;
    const deliveryAt = deliveries.minKey();
    if (jobEnds === Infinity && deliveryAt === Infinity) throw new Error("simulateProtocol: stalled (a bug)");
    if (jobEnds <= deliveryAt) {
      work = jobs.minKey();
      now = Math.max(now, jobEnds);
      const p = jobs.pop();
      if (p === COORDINATOR) {
        coordinatorBusy += now - coordinatorBusySince;
        if (coordinatorJob === "plan") {
          const n = planned++;
          for (let m = 0; m < messagesPerBatch; m++) hop(n * messagesPerBatch + m);
        } else {
          absorbed++;
        }
        startCoordinator();
      } else if (p === NATS) {
        deliver(natsQueue[natsHead++]);
        if (natsHead < natsQueue.length) jobs.push(work + natsCost(natsQueue[natsHead]), NATS);
      } else {
        const w = p - 2;
        hop(-1 - running[w]);
        if (waitingHead < waiting.length) startWorker(w, waiting[waitingHead++]);
        else { idle[(idleHead + idleCount) % workers] = w; idleCount++; }
      }
    } else {
      work += (deliveryAt - now) * s;
      now = deliveryAt;
      const event = deliveries.pop();
      if (event >= 0) {
        if (idleCount > 0) {
          const w = idle[idleHead];
          idleHead = (idleHead + 1) % workers;
          idleCount--;
          startWorker(w, event);
        } else {
          waiting.push(event);
        }
      } else {
        const n = Math.floor((-1 - event) / messagesPerBatch);
        answers[n]++;
        if (coordinatorWaiting && n === absorbed && answers[n] === messagesPerBatch) startCoordinator();
      }
    }
  }
  const seconds = now;
  const total = batches * batchSize * rollouts;
  const rate = total / seconds;
  return {
    seconds, rate,
    coordinatorBusy: coordinatorBusy / seconds,
    workerBusy: rolloutSeconds / (seconds * workers),
    efficiency: rate / (workers / costs.workerPerRollout),
  };
}

/** The embedded search on one thread: plan, run, absorb in series (what the cluster's efficiency is against). */
export function embeddedRate(costs: ProtocolCosts, batchSize: number, rollouts = 1): number {
  const perBatch = costs.coordinatorPerBatch + costs.coordinatorPerRequest * batchSize + batchSize * rollouts * costs.workerPerRollout;
  return (batchSize * rollouts) / perBatch;
}
