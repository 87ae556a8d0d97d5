import { type CompiledGraph, serializeGraph } from "../../core/graph/index.js";

/** A compiled graph ready to cross threads: its serialized bytes in a SharedArrayBuffer, keyed by hash. */
export interface SharedGraph {
  readonly hash: string;
  readonly bytes: SharedArrayBuffer;
}

/** Serializes `graph` once into shared memory; every message that names it shares these bytes, none copies them. */
export function shareGraph(graph: CompiledGraph): SharedGraph {
  return shareGraphBytes(graph.hash, serializeGraph(graph));
}

/** Serialized graph bytes (as fetched from the graph store) copied once into shared memory. Threads check them against `hash`. */
export function shareGraphBytes(hash: string, bytes: ArrayBuffer | Uint8Array): SharedGraph {
  if (typeof hash !== "string" || hash.length === 0) throw new TypeError(`shareGraphBytes: hash must be a non-empty string, got ${JSON.stringify(hash)}`);
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const shared = new SharedArrayBuffer(view.byteLength);
  new Uint8Array(shared).set(view);
  return Object.freeze({ hash, bytes: shared });
}
