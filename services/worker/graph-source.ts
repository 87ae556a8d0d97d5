/**
 * Compiled graphs for the worker's batches, by content hash: from the graph store (which keeps the
 * last few in a local LRU cache), copied once into shared memory for the pool's threads (which
 * check the bytes against the hash). A graph several slots ask for at once is fetched once.
 * Hits and misses are counted.
 */
import type { Result } from "../../core/failure/index.js";
import type { GraphStore } from "../../adapters/nats/index.js";
import { shareGraphBytes, type SharedGraph } from "../../adapters/piscina/index.js";
import { runnerFailure } from "../../core/rollout/index.js";
import type { BatchError } from "./batch-error.js";

export type GraphOutcome = Result<SharedGraph, BatchError>;

export interface GraphCacheCounters {
  /** Served without a download from the object store. */
  hit(count: number): void;
  /** Downloaded from the object store. */
  miss(count: number): void;
}

export interface GraphSource {
  get(hash: string): Promise<GraphOutcome>;
}

export function createGraphSource(store: GraphStore, counters: GraphCacheCounters): GraphSource {
  // Keyed by the store's cached buffer: when the store evicts a graph, its shared copy goes too.
  const shared = new WeakMap<ArrayBuffer, SharedGraph>();
  const loading = new Map<string, Promise<GraphOutcome>>();
  let seen = store.stats();

  const countStoreDelta = () => {
    const now = store.stats();
    if (now.hits > seen.hits) counters.hit(now.hits - seen.hits);
    if (now.misses > seen.misses) counters.miss(now.misses - seen.misses);
    seen = now;
  };

  const load = async (hash: string): Promise<GraphOutcome> => {
    const got = await store.get(hash);
    countStoreDelta();
    if (!got.ok) {
      counters.miss(1); // not served from the cache (the store counts successful downloads only)
      const error = got.error.code === "not-found"
        ? { code: "unavailable", message: `graph ${hash} is not in the graph store (${got.error.message})` }
        : { code: got.error.code, message: `graph ${hash}: ${got.error.message}` };
      return { ok: false, error: runnerFailure(error).toData() };
    }
    const known = shared.get(got.value);
    if (known !== undefined) return { ok: true, value: known };
    const graph = shareGraphBytes(hash, new Uint8Array(got.value));
    shared.set(got.value, graph);
    return { ok: true, value: graph };
  };

  return {
    get(hash) {
      const pending = loading.get(hash);
      if (pending !== undefined) {
        counters.hit(1);
        return pending;
      }
      const started = load(hash).finally(() => loading.delete(hash));
      loading.set(hash, started);
      return started;
    },
  };
}
