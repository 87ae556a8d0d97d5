import { type CompiledGraph, deserializeGraph } from "../../core/graph/index.js";
import { type RolloutKernel, createRolloutKernel } from "../../core/rollout/index.js";
import { graphShapeError } from "./graph-shape.js";

/** A decoded graph with the kernel a thread runs on it. */
export interface CachedGraph {
  readonly graph: CompiledGraph;
  readonly kernel: RolloutKernel;
}

export type GraphLookup = { readonly ok: true; readonly entry: CachedGraph } | { readonly ok: false; readonly message: string };

/** One thread's decoded graphs by hash, least recently used evicted first. */
export interface GraphCache {
  /** The graph `hash` names, decoding `bytes` (views, no copy) only when it is not cached. */
  get(hash: string, bytes: SharedArrayBuffer): GraphLookup;
  /** Graphs decoded since the cache was made (a hit decodes nothing). */
  readonly decodes: number;
  readonly size: number;
}

export function createGraphCache(entries: number): GraphCache {
  if (!Number.isInteger(entries) || entries < 1) throw new RangeError(`graphCacheEntries must be an integer >= 1, got ${entries}`);
  const cache = new Map<string, CachedGraph>();
  let decodes = 0;
  return {
    get(hash, bytes) {
      const hit = cache.get(hash);
      if (hit) {
        cache.delete(hash);
        cache.set(hash, hit);
        return { ok: true, entry: hit };
      }
      decodes++;
      const decoded = decodeGraph(hash, bytes);
      if (!decoded.ok) return decoded;
      const entry = { graph: decoded.graph, kernel: createRolloutKernel(decoded.graph) };
      cache.set(hash, entry);
      if (cache.size > entries) cache.delete(cache.keys().next().value as string);
      return { ok: true, entry };
    },
    get decodes() { return decodes; },
    get size() { return cache.size; },
  };
}

function decodeGraph(hash: string, bytes: SharedArrayBuffer): { ok: true; graph: CompiledGraph } | { ok: false; message: string } {
  if (!(bytes instanceof SharedArrayBuffer)) return { ok: false, message: `graph ${hash}: bytes are not a SharedArrayBuffer` };
  let decoded: ReturnType<typeof deserializeGraph>;
  try {
    decoded = deserializeGraph(bytes, true);
  } catch (e) {
    return { ok: false, message: `graph ${hash} does not decode: ${(e as Error).message}` };
  }
  if (!decoded.ok) return { ok: false, message: `graph ${hash} does not decode: ${decoded.error}` };
  if (decoded.value.hash !== hash) return { ok: false, message: `graph bytes have hash ${decoded.value.hash}, the message names ${hash}` };
  const shape = graphShapeError(decoded.value);
  if (shape !== null) return { ok: false, message: `graph ${hash} is malformed: ${shape}` };
  return { ok: true, graph: decoded.value };
}
