import { hashBytes } from "../graph/index.js";
import type { StackRules } from "./stack-rules.js";

/**
 * The serialised form of compiled stack rules (what travels to threads and workers beside the
 * graph; deserializeStackRules reads it back against the same graph):
 *
 * - a 16-byte header: magic "MSRL", format, JSON length, 0;
 * - a JSON section with the strings: the graph's hash, `complete`, the boot stop, per predicate its
 *   unit, group, rejection reason or eager-stop message, per candidate stop its unit and reason;
 * - 8-byte aligned typed arrays, each after its uint32 length: per predicate its score (f64) and
 *   the rejected reward; the predicates' candidate ids (CSR, i32); their `resolved` packages (CSR,
 *   i32) and bitsets (u32, graph.maskWords[package] words each); the candidate stops' candidates.
 *
 * Integer ids and bitsets, so a thread decodes it without the pipeline and judges a stack
 * exactly as the coordinator would (the same predicates in the same order, the same doubles).
 */
export const STACK_RULES_MAGIC = 0x4c52534d; // "MSRL"
export const STACK_RULES_FORMAT = 1;
export const STACK_RULES_HEADER = 16;

export interface StackRulesJson {
  readonly graph: string;
  readonly complete: boolean;
  readonly bootStop: { readonly unit: string; readonly reason: string } | null;
  readonly predicates: readonly { readonly unit: string; readonly group?: string; readonly reject?: string; readonly stop?: string }[];
  readonly stops: readonly { readonly unit: string; readonly reason: string }[];
}

/** The typed sections in order, with their element kind. */
export const STACK_RULES_ARRAYS = [
  ["scores", "f64"], ["rejectedReward", "f64"], ["candidateStart", "i32"], ["candidates", "i32"],
  ["resolvedStart", "i32"], ["resolvedPackage", "i32"], ["masks", "u32"], ["stopCandidate", "i32"],
] as const;

export const align8 = (n: number): number => (n + 7) & ~7;

/** The rules' bytes (see the format above). */
export function serializeStackRules(rules: StackRules): Uint8Array {
  const { predicates } = rules;
  const json: StackRulesJson = {
    graph: rules.graph.hash,
    complete: rules.complete,
    bootStop: rules.bootStop === undefined ? null : { unit: rules.bootStop.unit, reason: rules.bootStop.reason },
    predicates: predicates.map((q) => ({
      unit: q.unit,
      ...(q.group !== undefined ? { group: q.group } : {}),
      ...(!q.result.acceptable ? { reject: q.result.reason } : q.result.eagerStop !== undefined ? { stop: q.result.eagerStop } : {}),
    })),
    stops: rules.candidateStops.map((s) => ({ unit: s.stop.unit, reason: s.stop.reason })),
  };
  const candidateStart = new Int32Array(predicates.length + 1);
  const resolvedStart = new Int32Array(predicates.length + 1);
  let maskWords = 0;
  predicates.forEach((q, i) => {
    candidateStart[i + 1] = candidateStart[i] + q.candidates.length;
    resolvedStart[i + 1] = resolvedStart[i] + q.resolved.length;
    for (const r of q.resolved) maskWords += r.mask.length;
  });
  const candidates = new Int32Array(candidateStart[predicates.length]);
  const resolvedPackage = new Int32Array(resolvedStart[predicates.length]);
  const masks = new Uint32Array(maskWords);
  let m = 0;
  predicates.forEach((q, i) => {
    candidates.set(q.candidates, candidateStart[i]);
    q.resolved.forEach((r, j) => {
      resolvedPackage[resolvedStart[i] + j] = r.package;
      masks.set(r.mask, m);
      m += r.mask.length;
    });
  });
  const arrays: Record<(typeof STACK_RULES_ARRAYS)[number][0], Float64Array | Int32Array | Uint32Array> = {
    scores: Float64Array.from(predicates, (q) => (q.result.acceptable ? q.result.score : 0)),
    rejectedReward: Float64Array.of(rules.rejectedReward),
    candidateStart, candidates, resolvedStart, resolvedPackage, masks,
    stopCandidate: Int32Array.from(rules.candidateStops, (s) => s.candidate),
  };
  const text = new TextEncoder().encode(JSON.stringify(json));
  let size = align8(STACK_RULES_HEADER + text.length);
  for (const [name] of STACK_RULES_ARRAYS) size = align8(size + 8 + arrays[name].byteLength);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, STACK_RULES_MAGIC, true);
  view.setUint32(4, STACK_RULES_FORMAT, true);
  view.setUint32(8, text.length, true);
  bytes.set(text, STACK_RULES_HEADER);
  let at = align8(STACK_RULES_HEADER + text.length);
  for (const [name] of STACK_RULES_ARRAYS) {
    const a = arrays[name];
    view.setUint32(at, a.length, true);
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at + 8);
    at = align8(at + 8 + a.byteLength);
  }
  return bytes;
}

/**
 * The key rules travel under (graph store object name, thread cache key): the graph's hash and the
 * content hash of the rules' bytes, so rules from other prescriptions or weights never share one.
 */
export function stackRulesKey(graphHash: string, bytes: Uint8Array): string {
  return `${graphHash}-rules-${hashBytes(bytes)}`;
}
