/**
 * Compiled graphs in a JetStream object store keyed by their content hash: the coordinator puts a
 * graph once per advise (nothing is written when the key is present), workers get it and keep a
 * small local cache (least recently used, `cacheEntries` objects), counting hits and misses.
 * Travelling stack rules are stored beside their graph the same way, under their rules key
 * (`<graph hash>-rules-<content hash>`, core/stack-rules stackRulesKey); they share the cache.
 */
import { StorageType, type JetStreamClient, type ObjectStore } from "nats";
import { withDeadline, type Outcome } from "./deadline.js";
import { GRAPH_BUCKET } from "./subjects.js";
import { wireError } from "./wire-error.js";

export interface GraphStoreOptions {
  readonly bucket?: string;
  readonly cacheEntries?: number;
  readonly deadlineMs: number;
  readonly storage?: "file" | "memory";
}

export interface GraphStoreStats {
  readonly hits: number;
  readonly misses: number;
  /** Puts that wrote (the key was absent). */
  readonly writes: number;
}

export interface GraphStore {
  /** Stores `graph` under `hash` unless present. `written` tells which. */
  put(hash: string, graph: ArrayBuffer | Uint8Array): Promise<Outcome<{ readonly written: boolean }>>;
  /** The graph stored under `hash`: `not-found` when absent. The ArrayBuffer is shared by cache hits: treat it as read-only. */
  get(hash: string): Promise<Outcome<ArrayBuffer>>;
  /** The graph under `hash` if the local cache holds it (made most recently used; counted by nobody: the caller counts the hit), else undefined. */
  cached(hash: string): ArrayBuffer | undefined;
  stats(): GraphStoreStats;
}

const KEY = /^[A-Za-z0-9_=.-]{1,256}$/;

export async function openGraphStore(js: JetStreamClient, options: GraphStoreOptions): Promise<Outcome<GraphStore>> {
  const opened = await withDeadline(() => js.views.os(options.bucket ?? GRAPH_BUCKET, { storage: options.storage === "memory" ? StorageType.Memory : StorageType.File }),
    options.deadlineMs, "open graph store");
  if (!opened.ok) return opened;
  return { ok: true, value: createGraphStore(opened.value, options) };
}

function createGraphStore(os: ObjectStore, options: GraphStoreOptions): GraphStore {
  const capacity = options.cacheEntries ?? 4;
  const cache = new Map<string, ArrayBuffer>();
  let hits = 0, misses = 0, writes = 0;
  const remember = (hash: string, graph: ArrayBuffer) => {
    cache.delete(hash);
    cache.set(hash, graph);
    while (cache.size > capacity) cache.delete(cache.keys().next().value as string);
  };
  const checkKey = (hash: string) => (KEY.test(hash) ? null : wireError("invalid-payload", `graph hash ${JSON.stringify(hash)} is not a valid key`));

  return {
    async put(hash, graph) {
      const bad = checkKey(hash);
      if (bad) return { ok: false, error: bad };
      const bytes = graph instanceof Uint8Array ? graph : new Uint8Array(graph);
      return withDeadline(async () => {
        const info = await os.info(hash);
        if (info !== null && !info.deleted) return { written: false };
        await os.putBlob({ name: hash }, bytes);
        writes++;
        return { written: true };
      }, options.deadlineMs, `put graph ${hash}`);
    },
    cached(hash) {
      const cached = cache.get(hash);
      if (cached !== undefined) remember(hash, cached);
      return cached;
    },
    async get(hash) {
      const cached = cache.get(hash);
      if (cached !== undefined) {
        hits++;
        remember(hash, cached);
        return { ok: true, value: cached };
      }
      const bad = checkKey(hash);
      if (bad) return { ok: false, error: bad };
      const got = await withDeadline(() => os.getBlob(hash), options.deadlineMs, `get graph ${hash}`);
      if (!got.ok) return got;
      if (got.value === null) return { ok: false, error: wireError("not-found", `no graph stored under ${hash}`) };
      misses++;
      const data = got.value;
      // The client may hand back a Node Buffer, a view into a larger pooled buffer (whose slice() does not copy).
      const buffer = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength
        ? data.buffer as ArrayBuffer
        : (data.buffer as ArrayBuffer).slice(data.byteOffset, data.byteOffset + data.byteLength);
      remember(hash, buffer);
      return { ok: true, value: buffer };
    },
    stats: () => ({ hits, misses, writes }),
  };
}
