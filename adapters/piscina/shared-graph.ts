import { type CompiledGraph, serializeGraph } from "../../core/graph/index.js";
import type { PortableJudge } from "../../core/rollout/index.js";

/** A compiled graph ready to cross threads: its serialized bytes in a SharedArrayBuffer, keyed by hash. */
export interface SharedGraph {
  readonly hash: string;
  readonly bytes: SharedArrayBuffer;
}

/** Serializes `graph` once into shared memory; every message that names it shares these bytes, none copies them. */
export function shareGraph(graph: CompiledGraph): SharedGraph {
  return shareGraphBytes(graph.hash, serializeGraph(graph));
}

/** Stack rules ready to cross threads: their serialised bytes (serializeStackRules) in shared memory, keyed by their key. */
export interface SharedRules {
  readonly key: string;
  readonly bytes: SharedArrayBuffer;
}

/** Copies the rules' bytes once into shared memory; threads decode them once per key and check the bytes against it. */
export function shareRules(rules: PortableJudge): SharedRules {
  return shareRulesBytes(rules.key, rules.bytes);
}

/** Serialised rules (as fetched from the graph store) copied once into shared memory. */
export function shareRulesBytes(key: string, bytes: Uint8Array): SharedRules {
  if (typeof key !== "string" || key.length === 0) throw new TypeError(`shareRulesBytes: key must be a non-empty string, got ${JSON.stringify(key)}`);
  const shared = new SharedArrayBuffer(bytes.byteLength);
  new Uint8Array(shared).set(bytes);
  return Object.freeze({ key, bytes: shared });
}

/** Serialized graph bytes (as fetched from the graph store) copied once into shared memory. Threads check them against `hash`. */
export function shareGraphBytes(hash: string, bytes: ArrayBuffer | Uint8Array): SharedGraph {
  if (typeof hash !== "string" || hash.length === 0) throw new TypeError(`shareGraphBytes: hash must be a non-empty string, got ${JSON.stringify(hash)}`);
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const shared = new SharedArrayBuffer(view.byteLength);
  new Uint8Array(shared).set(view);
  return Object.freeze({ hash, bytes: shared });
}
