/**
 * Compiled graphs for the worker's batches, by content hash: from the graph store (which keeps the
 * last few in a local LRU cache), copied once into shared memory for the pool's threads (which
 * check the bytes against the hash). A graph several slots ask for at once is fetched once.
 * Hits and misses are counted. Stack rules a message names come the same way, by their key (they
 * are stored beside the graph; threads check the bytes against the key). A cached graph is also
 * given at once (cachedGraph), with no promise to wait for: a message whose graph is cached goes to
 * its thread in the same turn as the slot starts it.
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
  /** The graph at once if it is cached and shared already (a hit), else undefined: call `get`. */
  cachedGraph(hash: string): SharedGraph | undefined;
  /** The stack rules at once if cached and shared already (a hit), else undefined: call `rules`. */
  cachedRules(key: string): SharedRules | undefined;
}

export function createGraphSource(store: GraphStore, counters: GraphCacheCounters): GraphSource {
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

  /**
   * One kind of object by key: fetched once however many slots ask at the same time, copied once into
   * shared memory per store buffer (keyed by the store's cached buffer: when the store evicts it, its
   * shared copy goes too).
   */
  const sharedObjects = <T extends object>(what: string, share: (key: string, bytes: Uint8Array) => T) => {
    const copies = new WeakMap<ArrayBuffer, T>();
    const loading = new Map<string, Promise<Result<T, BatchError>>>();
    const load = async (key: string): Promise<Result<T, BatchError>> => {
      const got = await fetch(key, what);
      if (!got.ok) return got;
      const known = copies.get(got.value);
      if (known !== undefined) return { ok: true, value: known };
      const copy = share(key, new Uint8Array(got.value));
      copies.set(got.value, copy);
      return { ok: true, value: copy };
    };
    const get = (key: string): Promise<Result<T, BatchError>> => {
      const pending = loading.get(key);
      if (pending !== undefined) {
        counters.hit(1);
        return pending;
      }
      const started = load(key).finally(() => loading.delete(key));
      loading.set(key, started);
      return started;
    };
    const cached = (key: string): T | undefined => {
      const bytes = store.cached(key);
      const copy = bytes === undefined ? undefined : copies.get(bytes);
      if (copy !== undefined) counters.hit(1);
      return copy;
    };
    return { get, cached };
  };

  const graphs = sharedObjects("graph", shareGraphBytes);
  const rules = sharedObjects("stack rules", shareRulesBytes);
  return { get: graphs.get, rules: rules.get, cachedGraph: graphs.cached, cachedRules: rules.cached };
}
