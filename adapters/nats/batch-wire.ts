/**
 * maat.v1.RolloutBatch (proto/maat/v1/rollout.proto) written and read by hand: core requests in,
 * core requests out, typed arrays throughout. Every scalar field is written (as encoded-size.ts
 * counts); reading accepts any valid encoding of the message and skips unknown fields.
 */
import { type RolloutPolicy, type RolloutRequest, UNIFORM } from "../../core/rollout/index.js";
import type { RolloutBatchMessage } from "./rollout-codec.js";
import {
  type Reader, type Writer, WIRE_DELIMITED, WIRE_FIXED64, WIRE_VARINT, inElement, messageEnd, newReader, newWriter, readDoubles, readUint53, readVarints, tag,
  writeDoubles, writeUint53, writeVarints,
} from "./wire-fields.js";

/** `value` when it is a non-negative safe integer; a RangeError naming the field (built only then) otherwise. */
function safe(value: number, field: () => string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${field()} must be a non-negative safe integer, got ${value}`);
  return value;
}

function uint32(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`${field} must be a uint32, got ${value}`);
  return value;
}

/** The distinct policies of `requests` (uniform once, others by identity) and each request's index among them. */
function policyTable(requests: readonly RolloutRequest[]): { policies: RolloutPolicy[]; index: Int32Array } {
  const policies: RolloutPolicy[] = [];
  const seen = new Map<RolloutPolicy, number>();
  let uniform = -1;
  const index = new Int32Array(requests.length);
  for (let i = 0; i < requests.length; i++) {
    const p = requests[i].policy;
    if (p.kind === "uniform") {
      if (uniform < 0) { uniform = policies.length; policies.push(p); }
      index[i] = uniform;
      continue;
    }
    let k = seen.get(p);
    if (k === undefined) { k = policies.length; seen.set(p, k); policies.push(p); }
    index[i] = k;
  }
  return { policies, index };
}

function writePolicy(w: Writer, p: RolloutPolicy): void {
  w.uint32(tag(7, WIRE_DELIMITED)).fork();
  if (p.kind === "uniform") w.uint32(tag(1, WIRE_DELIMITED)).fork().ldelim();
  else if (p.kind === "softmax") {
    w.uint32(tag(2, WIRE_DELIMITED)).fork();
    writeDoubles(w, 1, p.values);
    w.uint32(tag(2, WIRE_FIXED64)).double(p.temperature);
    w.ldelim();
  } else {
    w.uint32(tag(3, WIRE_DELIMITED)).fork();
    writeVarints(w, 1, p.versions, true);
    w.ldelim();
  }
  w.ldelim();
}

export function writeBatch(b: RolloutBatchMessage): Uint8Array {
  const { policies, index } = policyTable(b.requests);
  const w = newWriter();
  w.uint32(tag(1, WIRE_DELIMITED)).string(b.adviseId);
  w.uint32(tag(2, WIRE_VARINT));
  writeUint53(w, safe(b.batchId, () => "batch_id"));
  w.uint32(tag(3, WIRE_VARINT)).uint32(uint32(b.round, "round"));
  w.uint32(tag(4, WIRE_DELIMITED)).string(b.graphHash);
  for (let i = 0; i < b.requests.length; i++) {
    const q = b.requests[i];
    w.uint32(tag(6, WIRE_DELIMITED)).fork();
    w.uint32(tag(1, WIRE_VARINT));
    writeUint53(w, safe(q.id, () => `requests[${i}].id`));
    writeVarints(w, 2, q.prefix, false);
    w.uint32(tag(3, WIRE_VARINT)).uint32(q.seed >>> 0);
    w.uint32(tag(4, WIRE_VARINT)).uint32(index[i]);
    w.ldelim();
  }
  for (const p of policies) writePolicy(w, p);
  return w.finish();
}

interface RequestFields { id: number; prefix: Int32Array | null; seed: number; policy: number }

/** One request; errors name fields relative to it. */
function readRequest(r: Reader, wireType: number): RequestFields {
  const end = messageEnd(r, wireType, "request");
  const q: RequestFields = { id: 0, prefix: null, seed: 0, policy: 0 };
  while (r.pos < end) {
    const t = r.uint32();
    switch (t >>> 3) {
      case 1: q.id = readUint53(r, "id"); break;
      case 2: q.prefix = readVarints(r, t & 7, q.prefix, false, "prefix"); break;
      case 3: q.seed = r.uint32(); break;
      case 4: q.policy = r.uint32(); break;
      default: r.skipType(t & 7);
    }
  }
  return q;
}

function readPolicy(r: Reader, end: number, field: string): RolloutPolicy {
  let policy: RolloutPolicy | null = null;
  while (r.pos < end) {
    const t = r.uint32();
    const kind = t >>> 3;
    if (kind < 1 || kind > 3) { r.skipType(t & 7); continue; }
    const innerEnd = messageEnd(r, t & 7, field);
    let values: Float64Array | null = null;
    let temperature = 0;
    let versions: Int32Array | null = null;
    while (r.pos < innerEnd) {
      const u = r.uint32();
      if (kind === 2 && u >>> 3 === 1) values = readDoubles(r, u & 7, values, `${field}.softmax.values`);
      else if (kind === 2 && u >>> 3 === 2) temperature = r.double();
      else if (kind === 3 && u >>> 3 === 1) versions = readVarints(r, u & 7, versions, true, `${field}.prefer.versions`);
      else r.skipType(u & 7);
    }
    // A oneof: the last one read wins.
    policy = kind === 1 ? UNIFORM
      : kind === 2 ? { kind: "softmax", values: values ?? new Float64Array(0), temperature }
      : { kind: "prefer", versions: versions ?? new Int32Array(0) };
  }
  if (policy === null) throw new RangeError(`${field} has no kind (uniform, softmax or prefer)`);
  return policy;
}

/** The batch in `bytes`; a RangeError naming the field on anything malformed. */
export function readBatch(bytes: Uint8Array): RolloutBatchMessage {
  const r = newReader(bytes);
  let adviseId = "";
  let batchId = 0;
  let round = 0;
  let graphHash = "";
  const requests: RequestFields[] = [];
  const policies: RolloutPolicy[] = [];
  while (r.pos < r.len) {
    const t = r.uint32();
    switch (t >>> 3) {
      case 1: adviseId = r.string(); break;
      case 2: batchId = readUint53(r, "batch_id"); break;
      case 3: round = r.uint32(); break;
      case 4: graphHash = r.string(); break;
      case 6:
        try {
          requests.push(readRequest(r, t & 7));
        } catch (e) {
          throw inElement(e, `requests[${requests.length}]`);
        }
        break;
      case 7: policies.push(readPolicy(r, messageEnd(r, t & 7, `policies[${policies.length}]`), `policies[${policies.length}]`)); break;
      default: r.skipType(t & 7);
    }
  }
  const empty = new Int32Array(0);
  return {
    adviseId, batchId, round, graphHash,
    requests: requests.map((q, i): RolloutRequest => {
      const policy = policies[q.policy];
      if (policy === undefined) throw new RangeError(`requests[${i}].policy ${q.policy} is not one of the batch's ${policies.length} policies`);
      return { id: q.id, prefix: q.prefix ?? empty, seed: q.seed, policy };
    }),
  };
}
