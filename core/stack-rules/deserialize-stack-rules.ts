import type { CompiledGraph } from "../graph/index.js";
import type { Result } from "../failure/index.js";
import type { StepResult } from "../pipeline/index.js";
import { createStackRules, type CandidateStop, type StackRules } from "./stack-rules.js";
import type { StatePredicate } from "./state-predicate.js";
import {
  STACK_RULES_ARRAYS, STACK_RULES_FORMAT, STACK_RULES_HEADER, STACK_RULES_MAGIC, align8, stackRulesKey, type StackRulesJson,
} from "./serialize-stack-rules.js";

type Arrays = { -readonly [K in (typeof STACK_RULES_ARRAYS)[number][0]]: K extends "scores" | "rejectedReward" ? Float64Array : K extends "masks" ? Uint32Array : Int32Array };

/**
 * Stack rules from serializeStackRules' bytes, against the graph they were compiled for. Every id,
 * offset and string is checked (bytes come from the graph store or another thread): an error names
 * the field. `key`, when given, must be the bytes' key (stackRulesKey).
 */
export function deserializeStackRules(graph: CompiledGraph, bytes: Uint8Array, key?: string): Result<StackRules, string> {
  try {
    return { ok: true, value: decode(graph, bytes, key) };
  } catch (e) {
    return { ok: false, error: `stack rules${key === undefined ? "" : ` ${key}`}: ${(e as Error).message}` };
  }
}

function decode(graph: CompiledGraph, bytes: Uint8Array, key: string | undefined): StackRules {
  if (bytes.byteLength < STACK_RULES_HEADER) throw new RangeError(`${bytes.byteLength} bytes are shorter than the header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== STACK_RULES_MAGIC) throw new RangeError("no MSRL magic");
  const format = view.getUint32(4, true);
  if (format !== STACK_RULES_FORMAT) throw new RangeError(`format ${format} is not ${STACK_RULES_FORMAT}`);
  if (key !== undefined && stackRulesKey(graph.hash, bytes) !== key) throw new RangeError(`the bytes' key is ${stackRulesKey(graph.hash, bytes)}`);
  const textLength = view.getUint32(8, true);
  if (STACK_RULES_HEADER + textLength > bytes.byteLength) throw new RangeError(`JSON length ${textLength} runs past the end`);
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(STACK_RULES_HEADER, STACK_RULES_HEADER + textLength))) as StackRulesJson;
  if (json.graph !== graph.hash) throw new RangeError(`compiled for graph ${String(json.graph)}, not ${graph.hash}`);
  const arrays = {} as Arrays;
  let at = align8(STACK_RULES_HEADER + textLength);
  for (const [name, kind] of STACK_RULES_ARRAYS) {
    if (at + 8 > bytes.byteLength) throw new RangeError(`${name} runs past the end`);
    const n = view.getUint32(at, true);
    const width = kind === "f64" ? 8 : 4;
    if (at + 8 + n * width > bytes.byteLength) throw new RangeError(`${name} (${n} entries) runs past the end`);
    // Copied: the bytes may sit at any offset of a shared buffer, and typed views need alignment.
    const raw = bytes.slice(at + 8, at + 8 + n * width).buffer;
    (arrays as Record<string, unknown>)[name] = kind === "f64" ? new Float64Array(raw) : kind === "u32" ? new Uint32Array(raw) : new Int32Array(raw);
    at = align8(at + 8 + n * width);
  }
  if (at !== bytes.byteLength) throw new RangeError(`${bytes.byteLength - at} bytes left after the arrays`);
  return rulesOf(graph, json, arrays);
}

function rulesOf(graph: CompiledGraph, json: StackRulesJson, a: Arrays): StackRules {
  const n = Array.isArray(json.predicates) ? json.predicates.length : -1;
  if (n < 0) throw new RangeError("predicates is not a list");
  for (const [name, length] of [["scores", n], ["candidateStart", n + 1], ["resolvedStart", n + 1], ["rejectedReward", 1]] as const) {
    if (a[name].length !== length) throw new RangeError(`${name} has ${a[name].length} entries, expected ${length}`);
  }
  const csr = (name: "candidateStart" | "resolvedStart", total: number) => {
    const s = a[name];
    if (s[0] !== 0 || s[n] !== total) throw new RangeError(`${name} does not run from 0 to ${total}`);
    for (let i = 0; i < n; i++) if (s[i + 1] < s[i]) throw new RangeError(`${name} decreases at predicate ${i}`);
  };
  csr("candidateStart", a.candidates.length);
  csr("resolvedStart", a.resolvedPackage.length);
  let m = 0;
  const predicates: StatePredicate[] = json.predicates.map((p, i) => {
    const at = `predicates[${i}]`;
    if (typeof p?.unit !== "string") throw new RangeError(`${at}.unit is not a string`);
    if (p.group !== undefined && typeof p.group !== "string") throw new RangeError(`${at}.group is not a string`);
    const candidates = a.candidates.subarray(a.candidateStart[i], a.candidateStart[i + 1]);
    if (candidates.length === 0) throw new RangeError(`${at} matches no candidate`);
    for (const c of candidates) if (!(c >= 0 && c < graph.candidateCount)) throw new RangeError(`${at}: candidate ${c} is not a candidate of graph ${graph.hash}`);
    const resolved: { package: number; mask: Uint32Array }[] = [];
    for (let r = a.resolvedStart[i]; r < a.resolvedStart[i + 1]; r++) {
      const q = a.resolvedPackage[r];
      if (!(q >= 0 && q < graph.packageCount)) throw new RangeError(`${at}: resolved package ${q} is not a package of graph ${graph.hash}`);
      const words = graph.maskWords[q];
      if (m + words > a.masks.length) throw new RangeError(`${at}: masks run past their ${a.masks.length} words`);
      resolved.push({ package: q, mask: a.masks.subarray(m, m += words) });
    }
    const score = a.scores[i];
    let result: StepResult;
    if (p.reject !== undefined) {
      if (typeof p.reject !== "string") throw new RangeError(`${at}.reject is not a string`);
      result = { acceptable: false, reason: p.reject };
    } else {
      if (!Number.isFinite(score)) throw new RangeError(`${at}: score ${score} is not finite`);
      if (p.stop !== undefined && typeof p.stop !== "string") throw new RangeError(`${at}.stop is not a string`);
      result = p.stop === undefined ? { acceptable: true, score } : { acceptable: true, score, eagerStop: p.stop };
    }
    return { unit: p.unit, candidates, resolved, result, ...(p.group !== undefined ? { group: p.group } : {}) };
  });
  if (m !== a.masks.length) throw new RangeError(`masks has ${a.masks.length} words, the predicates use ${m}`);
  if (!Array.isArray(json.stops) || json.stops.length !== a.stopCandidate.length) throw new RangeError(`stops and stopCandidate disagree`);
  const stops: CandidateStop[] = json.stops.map((s, i) => {
    const c = a.stopCandidate[i];
    if (!(c >= 0 && c < graph.candidateCount)) throw new RangeError(`stops[${i}]: candidate ${c} is not a candidate of graph ${graph.hash}`);
    if (typeof s?.unit !== "string" || typeof s.reason !== "string") throw new RangeError(`stops[${i}] has no unit and reason`);
    return { candidate: c, stop: { unit: s.unit, reason: s.reason } };
  });
  const boot = json.bootStop;
  if (boot !== null && (typeof boot?.unit !== "string" || typeof boot.reason !== "string")) throw new RangeError("bootStop has no unit and reason");
  if (typeof json.complete !== "boolean") throw new RangeError("complete is not a boolean");
  const rejectedReward = a.rejectedReward[0];
  if (!Number.isFinite(rejectedReward)) throw new RangeError(`rejectedReward ${rejectedReward} is not finite`);
  return createStackRules(graph, predicates, {
    stops, complete: json.complete, rejectedReward, ...(boot !== null ? { bootStop: { unit: boot.unit, reason: boot.reason } } : {}),
  });
}
