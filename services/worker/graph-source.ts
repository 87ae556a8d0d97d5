/**
 * Compiled graphs for the worker's batches, by content hash: from the graph store (which keeps the
 * last few in a local LRU cache), copied once into shared memory for the pool's threads (which
 * check the bytes against the hash). A graph several slots ask for at once is fetched once.
 * Hits and misses are counted. Stack rules a message names come the same way, by their key (they
 * are stored beside the graph; threads check the bytes against the key).
 */
import type { Result } from "../../core/failure/index.js";
import type { GraphStore } from "../../adapters/nats/index.js";
import { shareGraphBytes, shareRulesBytes, type SharedGraph, type SharedRules } from "../../adapters/piscina/index.js";
import { runnerFailure } from "../../core/rollout/index.js";
import type { BatchError } from "./batch-error.js";

export type GraphOutcome = Result<SharedGraph, BatchError>;
export type RulesOutcome = Result<SharedRules, BatchError>;

export interface GraphCacheCounters {
  /** Served without a download from the object store. */
  hit(count: number): void;
  /** Downloaded from the object store. */
  miss(count: number): void;
}

export interface GraphSource {
  get(hash: string): Promise<GraphOutcome>;
  /** The stack rules stored under `key`. */
  rules(key: string): Promise<RulesOutcome>;
}

export function createGraphSource(store: GraphStore, counters: GraphCacheCounters): GraphSource {
  // Keyed by the store's cached buffer: when the store evicts a graph, its shared copy goes too.
  const shared = new WeakMap<ArrayBuffer, SharedGraph>();
  const sharedRules = new WeakMap<ArrayBuffer, SharedRules>();
  const loading = new Map<string, Promise<GraphOutcome>>();
  const loadingRules = new Map<string, Promise<RulesOutcome>>();
  let seen = store.stats();

  const countStoreDelta = () => {
    const now = store.stats();
    if (now.hits > seen.hits) counters.hit(now.hits - seen.hits);
    if (now.misses > seen.misses) counters.miss(now.misses - seen.misses);
    seen = now;
  };

  const fetch = async (key: string, what: string): Promise<Result<ArrayBuffer, BatchError>> => {
    const got = await store.get(key);
    countStoreDelta();
    if (got.ok) return got;
    counters.miss(1); // not served from the cache (the store counts successful downloads only)
    const error = got.error.code === "not-found"
      ? { code: "unavailable", message: `${what} ${key} is not in the graph store (${got.error.message})` }
      : { code: got.error.code, message: `${what} ${key}: ${got.error.message}` };
    return { ok: false, error: runnerFailure(error).toData() };
  };

  const loadRules = async (key: string): Promise<RulesOutcome> => {
    const got = await fetch(key, "stack rules");
    if (!got.ok) return got;
    const known = sharedRules.get(got.value);
    if (known !== undefined) return { ok: true, value: known };
    const rules = shareRulesBytes(key, new Uint8Array(got.value));
    sharedRules.set(got.value, rules);
    return { ok: true, value: rules };
  };

  const load = async (hash: string): Promise<GraphOutcome> => {
    const got = await fetch(hash, "graph");
    if (!got.ok) return got;
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
    rules(key) {
      const pending = loadingRules.get(key);
      if (pending !== undefined) {
        counters.hit(1);
        return pending;
      }
      const started = loadRules(key).finally(() => loadingRules.delete(key));
      loadingRules.set(key, started);
      return started;
    },
  };
}
