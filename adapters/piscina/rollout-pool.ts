import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import { type RolloutRequest, type RolloutResult, RunnerFailure } from "../../core/rollout/index.js";
import { type RequestBatch, packRequests, requestBuffers } from "./request-batch.js";
import { unpackResults } from "./result-batch.js";
import type { SharedGraph } from "./shared-graph.js";
import { threadModulePath } from "./thread-module.js";
import type { ThreadAnswer, ThreadMessage } from "./thread-message.js";

export interface RolloutPoolOptions {
  /** Threads (default os.availableParallelism()). */
  readonly threads?: number;
  /** Decoded graphs each thread keeps, least recently used evicted first (default 4). */
  readonly graphCacheEntries?: number;
  /** Heap limit of each thread in MB (V8 old generation; default Node's). A thread past it dies and is replaced; its message fails. */
  readonly threadMemoryMb?: number;
}

/**
 * A Piscina pool of threads that run messages of rollout requests on shared graphs. Each message
 * carries the graph's SharedArrayBuffer (shared, not copied); each thread decodes a graph once and
 * keeps it by hash. A failure inside a thread rejects with core's RunnerFailure: invalid-payload
 * for a graph or policy that does not fit, rollout-failed otherwise (a thread that dies is
 * replaced; the pool keeps working).
 */
export class RolloutPool {
  readonly threads: number;
  readonly #piscina: Piscina<ThreadMessage, ThreadAnswer>;
  #pending = 0;
  #destroyed = false;
  /** Per thread id: the graphs it decoded so far, as last reported. */
  readonly #decodes = new Map<number, number>();

  constructor(options: RolloutPoolOptions = {}) {
    const threads = options.threads ?? availableParallelism();
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`RolloutPool: threads must be an integer >= 1, got ${threads}`);
    const graphCacheEntries = options.graphCacheEntries ?? 4;
    if (!Number.isInteger(graphCacheEntries) || graphCacheEntries < 1) {
      throw new RangeError(`RolloutPool: graphCacheEntries must be an integer >= 1, got ${graphCacheEntries}`);
    }
    const memory = options.threadMemoryMb;
    if (memory !== undefined && !(typeof memory === "number" && memory >= 8)) {
      throw new RangeError(`RolloutPool: threadMemoryMb must be a number >= 8, got ${memory}`);
    }
    this.threads = threads;
    this.#piscina = new Piscina({
      filename: threadModulePath(),
      minThreads: threads,
      maxThreads: threads,
      concurrentTasksPerWorker: 1,
      idleTimeout: Infinity,
      // A 1-request message's round trip on 2 loaded cores: 115-190 µs wall with Piscina's defaults,
      // 65 µs without the timing histogram and with threads waiting on their port, not in Atomics.wait.
      recordTiming: false,
      atomics: "disabled",
      workerData: { graphCacheEntries },
      ...(memory === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: memory } }),
    });
    // A thread that dies between messages is replaced by Piscina; without a listener its 'error'
    // event would end the process. A thread that dies during a message rejects that message.
    this.#piscina.on("error", () => {});
  }

  /** Messages queued or running. */
  get pending(): number {
    return this.#pending;
  }

  /** Graphs decoded by the threads so far (each thread decodes a graph once while it stays cached). */
  get graphDecodes(): number {
    let sum = 0;
    for (const n of this.#decodes.values()) sum += n;
    return sum;
  }

  /** One message on one thread: the requests in order. */
  async runMessage(graph: SharedGraph, requests: readonly RolloutRequest[]): Promise<RolloutResult[]> {
    const out: RolloutResult[] = new Array(requests.length);
    await this.#runInto(graph, requests, out, 0);
    return out;
  }

  /** One batch: its requests split over the threads (one message each, contiguous), results in request order. No requests, no message. */
  async run(graph: SharedGraph, requests: readonly RolloutRequest[]): Promise<RolloutResult[]> {
    if (this.#destroyed) throw new RunnerFailure("unavailable", "the rollout pool is destroyed");
    const out: RolloutResult[] = new Array(requests.length);
    const size = Math.max(1, Math.ceil(requests.length / this.threads));
    const messages: Promise<void>[] = [];
    for (let at = 0; at < requests.length; at += size) {
      messages.push(this.#runInto(graph, requests.slice(at, at + size), out, at));
    }
    // Every message settles before run() does, so none outlives its batch; the first failure wins.
    const settled = await Promise.allSettled(messages);
    for (const s of settled) if (s.status === "rejected") throw s.reason;
    return out;
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    await this.#piscina.destroy();
  }

  async #runInto(graph: SharedGraph, requests: readonly RolloutRequest[], out: RolloutResult[], at: number): Promise<void> {
    if (this.#destroyed) throw new RunnerFailure("unavailable", "the rollout pool is destroyed");
    let batch: RequestBatch;
    try {
      batch = packRequests(requests);
    } catch (e) {
      throw new RunnerFailure("invalid-payload", `rollout requests do not pack: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.#pending++;
    let answer: ThreadAnswer;
    try {
      answer = await this.#piscina.run({ hash: graph.hash, bytes: graph.bytes, batch }, { transferList: requestBuffers(batch) });
    } catch (e) {
      if (this.#destroyed) throw new RunnerFailure("unavailable", "the rollout pool was destroyed before the message finished");
      throw new RunnerFailure("rollout-failed", `rollout thread failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.#pending--;
    }
    const seen = this.#decodes.get(answer.thread) ?? 0;
    if (answer.decodes > seen) this.#decodes.set(answer.thread, answer.decodes);
    if (!answer.ok) throw new RunnerFailure(answer.error.code, answer.error.message);
    unpackResults(answer.results, out, at);
  }
}
