import type { CompiledGraph } from "../../core/graph/index.js";
import { deserializeStackRules, type StackRules } from "../../core/stack-rules/index.js";

export type RulesLookup = { readonly ok: true; readonly rules: StackRules } | { readonly ok: false; readonly message: string };

/** One thread's decoded stack rules by key (which names their graph), least recently used evicted first. */
export interface RulesCache {
  /** The rules `key` names for `graph`, decoding `bytes` (checked against the key) only when not cached. */
  get(graph: CompiledGraph, key: string, bytes: SharedArrayBuffer): RulesLookup;
  /** Rules decoded since the cache was made. */
  readonly decodes: number;
}

export function createRulesCache(entries: number): RulesCache {
  if (!Number.isInteger(entries) || entries < 1) throw new RangeError(`rules cache entries must be an integer >= 1, got ${entries}`);
  const cache = new Map<string, StackRules>();
  let decodes = 0;
  return {
    get(graph, key, bytes) {
      const hit = cache.get(key);
      if (hit !== undefined && hit.graph === graph) {
        cache.delete(key);
        cache.set(key, hit);
        return { ok: true, rules: hit };
      }
      if (!(bytes instanceof SharedArrayBuffer)) return { ok: false, message: `stack rules ${key}: bytes are not a SharedArrayBuffer` };
      decodes++;
      const decoded = deserializeStackRules(graph, new Uint8Array(bytes), key);
      if (!decoded.ok) return { ok: false, message: decoded.error };
      cache.set(key, decoded.value);
      if (cache.size > entries) cache.delete(cache.keys().next().value as string);
      return { ok: true, rules: decoded.value };
    },
    get decodes() { return decodes; },
  };
}
