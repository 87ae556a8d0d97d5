/**
 * maat.v1.RolloutResult (proto/maat/v1/rollout.proto) written and read by hand: core results in
 * (without their pins), outcomes out, paths as Int32Arrays. Reading accepts any valid encoding of
 * the message and skips unknown fields.
 */
import { type RolloutOutcome, type RolloutResult, outcomeOf } from "../../core/rollout/index.js";
import type { DecodedResultMessage, RolloutResultMessage } from "./rollout-codec.js";
import type { WireError } from "./wire-error.js";
import {
  type Reader, WIRE_DELIMITED, WIRE_FIXED64, WIRE_VARINT, inElement, messageEnd, newReader, newWriter, readUint53, readVarints, tag, writeUint53, writeVarints,
} from "./wire-fields.js";

const KINDS: readonly RolloutResult["kind"][] = ["stack", "dead-end", "invalid"];

/** `value` when it is a non-negative safe integer; a RangeError naming the field (built only then) otherwise. */
function safe(value: number, field: () => string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${field()} must be a non-negative safe integer, got ${value}`);
  return value;
}

export function writeResult(x: RolloutResultMessage): Uint8Array {
  const deliveries = x.deliveries ?? 0;
  if (!Number.isInteger(deliveries) || deliveries < 0 || deliveries > 0xffffffff) throw new RangeError(`deliveries must be a uint32, got ${deliveries}`);
  const w = newWriter();
  w.uint32(tag(1, WIRE_DELIMITED)).string(x.adviseId);
  w.uint32(tag(2, WIRE_VARINT));
  writeUint53(w, safe(x.batchId, () => "batch_id"));
  w.uint32(tag(3, WIRE_DELIMITED)).string(x.workerId);
  for (let i = 0; i < x.results.length; i++) {
    const o = outcomeOf(x.results[i]);
    w.uint32(tag(4, WIRE_DELIMITED)).fork();
    w.uint32(tag(1, WIRE_VARINT)).int32(KINDS.indexOf(o.kind));
    w.uint32(tag(2, WIRE_VARINT));
    writeUint53(w, safe(o.id, () => `results[${i}].id`));
    w.uint32(tag(3, WIRE_FIXED64)).double(o.reward);
    writeVarints(w, 4, o.path, false);
    w.uint32(tag(5, WIRE_VARINT)).int32(o.deadEndPackage);
    w.ldelim();
  }
  if (x.error !== undefined) {
    w.uint32(tag(5, WIRE_DELIMITED)).fork();
    w.uint32(tag(1, WIRE_DELIMITED)).string(x.error.code);
    w.uint32(tag(2, WIRE_DELIMITED)).string(x.error.message);
    w.ldelim();
  }
  w.uint32(tag(6, WIRE_VARINT)).uint32(deliveries);
  return w.finish();
}

/** One outcome; errors name fields relative to it. */
function readOutcome(r: Reader, wireType: number): RolloutOutcome {
  const end = messageEnd(r, wireType, "outcome");
  let kind = 0;
  let id = 0;
  let reward = 0;
  let path: Int32Array | null = null;
  let deadEndPackage = 0;
  while (r.pos < end) {
    const t = r.uint32();
    switch (t >>> 3) {
      case 1: kind = r.int32(); break;
      case 2: id = readUint53(r, "id"); break;
      case 3: reward = r.double(); break;
      case 4: path = readVarints(r, t & 7, path, false, "path"); break;
      case 5: deadEndPackage = r.int32(); break;
      default: r.skipType(t & 7);
    }
  }
  const k = KINDS[kind];
  if (k === undefined) throw new RangeError(`kind ${kind} is not stack, dead_end or invalid`);
  return { kind: k, id, reward, path: path ?? new Int32Array(0), deadEndPackage };
}

function readError(r: Reader, end: number): WireError {
  let code = "";
  let message = "";
  while (r.pos < end) {
    const t = r.uint32();
    if (t >>> 3 === 1) code = r.string();
    else if (t >>> 3 === 2) message = r.string();
    else r.skipType(t & 7);
  }
  return { code, message };
}

/** The result in `bytes`; a RangeError naming the field on anything malformed. */
export function readResult(bytes: Uint8Array): DecodedResultMessage {
  const r = newReader(bytes);
  let adviseId = "";
  let batchId = 0;
  let workerId = "";
  const outcomes: RolloutOutcome[] = [];
  let error: WireError | undefined;
  let deliveries = 0;
  while (r.pos < r.len) {
    const t = r.uint32();
    switch (t >>> 3) {
      case 1: adviseId = r.string(); break;
      case 2: batchId = readUint53(r, "batch_id"); break;
      case 3: workerId = r.string(); break;
      case 4:
        try {
          outcomes.push(readOutcome(r, t & 7));
        } catch (e) {
          throw inElement(e, `outcomes[${outcomes.length}]`);
        }
        break;
      case 5: error = readError(r, messageEnd(r, t & 7, "error")); break;
      case 6: deliveries = r.uint32(); break;
      default: r.skipType(t & 7);
    }
  }
  return { adviseId, batchId, workerId, outcomes, deliveries, ...(error === undefined ? {} : { error }) };
}
