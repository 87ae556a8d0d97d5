import type { Result } from "../failure/index.js";
import type { CompiledGraph } from "./compiled-graph.js";

/**
 * One ArrayBuffer for a compiled graph: a 32-byte header (magic, format, body length, hash), then
 * the body: a JSON section (names, versions, specs, meta) and the typed arrays, each 8-byte aligned.
 * Deserializing makes views on the buffer; nothing numeric is copied or re-parsed.
 */
const MAGIC = 0x5441414d; // "MAAT"
const FORMAT = 1;
const HEADER = 32;

type Body = Omit<CompiledGraph, "hash">;
type ArrayField = "versionStart" | "packageOf" | "baseOf" | "maskWords" | "domainMask" | "exclusion" | "yanked"
  | "edgeStart" | "edgeTarget" | "edgeMask" | "edgeSpec" | "masks" | "score";
const ARRAYS: readonly [ArrayField, "i32" | "u8" | "u32" | "f64"][] = [
  ["versionStart", "i32"], ["packageOf", "i32"], ["baseOf", "i32"], ["maskWords", "i32"], ["domainMask", "i32"],
  ["exclusion", "u8"], ["yanked", "u8"], ["edgeStart", "i32"], ["edgeTarget", "i32"], ["edgeMask", "i32"],
  ["edgeSpec", "i32"], ["masks", "u32"], ["score", "f64"],
];

const align8 = (n: number) => (n + 7) & ~7;

function writeBody(body: Body, target: Uint8Array | null, start: number): number {
  const json = new TextEncoder().encode(JSON.stringify({
    packageCount: body.packageCount, candidateCount: body.candidateCount, names: body.names,
    versions: body.versions, specs: body.specs, meta: body.meta,
  }));
  let at = start;
  if (target) new DataView(target.buffer, target.byteOffset).setUint32(at, json.length, true);
  at += 8;
  if (target) target.set(json, at);
  at = align8(at + json.length);
  for (const [field] of ARRAYS) {
    const arr = body[field];
    if (target) {
      new DataView(target.buffer, target.byteOffset).setUint32(at, arr.length, true);
      target.set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength), at + 8);
    }
    at = align8(at + 8 + arr.byteLength);
  }
  return at;
}

/** The content hash of a graph body: 64 bits from two 32-bit lanes, as 16 hex digits. */
export function graphHash(body: Body): string {
  const size = writeBody(body, null, 0);
  const bytes = new Uint8Array(size);
  writeBody(body, bytes, 0);
  return hashBytes(bytes);
}

export function hashBytes(bytes: Uint8Array): string {
  let h1 = 0x811c9dc5, h2 = 0x9747b28c;
  const words = Math.floor(bytes.length / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < words; i++) {
    const w = view.getUint32(i * 4, true);
    h1 = Math.imul(h1 ^ w, 0x01000193);
    h1 ^= h1 >>> 15;
    h2 = Math.imul(h2 ^ w, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  }
  for (let i = words * 4; i < bytes.length; i++) {
    h1 = Math.imul(h1 ^ bytes[i], 0x01000193);
    h2 = Math.imul(h2 ^ bytes[i], 0x5bd1e995);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b) ^ bytes.length;
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0xc2b2ae35) ^ h1;
  h1 = Math.imul(h1 ^ (h2 >>> 13), 0x27d4eb2d);
  return (h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0");
}

export function serializeGraph(g: CompiledGraph): ArrayBuffer {
  const size = writeBody(g, null, HEADER);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, FORMAT, true);
  view.setUint32(8, size - HEADER, true);
  bytes.set(new TextEncoder().encode(g.hash.padEnd(16, "0").slice(0, 16)), 16);
  writeBody(g, bytes, HEADER);
  return bytes.buffer;
}

/**
 * Views on `buffer`; `verify` recomputes the hash over the body and rejects a mismatch. A
 * SharedArrayBuffer gives views on shared memory (threads decode one copy of the bytes).
 */
export function deserializeGraph(buffer: ArrayBuffer | SharedArrayBuffer, verify = false): Result<CompiledGraph, string> {
  if (buffer.byteLength < HEADER + 8) return { ok: false, error: `graph buffer too short (${buffer.byteLength} bytes)` };
  const view = new DataView(buffer);
  if (view.getUint32(0, true) !== MAGIC) return { ok: false, error: "graph buffer has no MAAT magic" };
  if (view.getUint32(4, true) !== FORMAT) return { ok: false, error: `graph format ${view.getUint32(4, true)} is not ${FORMAT}` };
  const bodyLength = view.getUint32(8, true);
  if (bodyLength + HEADER !== buffer.byteLength) return { ok: false, error: "graph buffer length does not match its header" };
  const hash = new TextDecoder().decode(new Uint8Array(buffer, 16, 16));
  let at = HEADER;
  const jsonLength = view.getUint32(at, true);
  at += 8;
  const json = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, at, jsonLength)));
  at = align8(at + jsonLength);
  const arrays: Record<string, unknown> = {};
  for (const [field, kind] of ARRAYS) {
    const n = view.getUint32(at, true);
    const off = at + 8;
    arrays[field] = kind === "i32" ? new Int32Array(buffer, off, n) : kind === "u32" ? new Uint32Array(buffer, off, n)
      : kind === "f64" ? new Float64Array(buffer, off, n) : new Uint8Array(buffer, off, n);
    at = align8(off + n * (kind === "u8" ? 1 : kind === "f64" ? 8 : 4));
  }
  const graph = { ...json, ...arrays, hash } as CompiledGraph;
  if (verify && hashBytes(new Uint8Array(buffer, HEADER)) !== hash) {
    return { ok: false, error: `graph buffer hash mismatch: header says ${hash}` };
  }
  return { ok: true, value: graph };
}
