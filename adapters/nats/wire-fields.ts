/**
 * Field-level reading and writing of protobuf for the hand-written rollout codec (protobufjs's
 * Reader and Writer underneath): uint64 as JavaScript safe integers without Long objects, repeated
 * scalars straight into typed arrays (packed or not, as a proto3 parser must accept both).
 */
import protobuf from "protobufjs";

export type Reader = protobuf.Reader;
export type Writer = protobuf.Writer;

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_DELIMITED = 2;

export function tag(field: number, wireType: number): number {
  return (field << 3) | wireType;
}

/** A uint64 varint as a safe integer; a RangeError naming `field` beyond 2^53 - 1. */
export function readUint53(r: Reader, field: string): number {
  let n = 0;
  let scale = 1;
  for (let i = 0; ; i++) {
    if (r.pos >= r.len) throw new RangeError(`${field}: truncated varint`);
    const b = r.buf[r.pos++];
    n += (b & 0x7f) * scale;
    if (b < 0x80) break;
    if (i === 9) throw new RangeError(`${field}: varint longer than 10 bytes`);
    scale *= 128;
  }
  if (!Number.isSafeInteger(n)) throw new RangeError(`${field} ${n} exceeds 2^53 - 1`);
  return n;
}

/** Writes a uint64 field value (a non-negative safe integer). */
export function writeUint53(w: Writer, n: number): void {
  if (n <= 0xffffffff) w.uint32(n);
  else w.uint64(n);
}

/** The end position of a length-delimited value starting at the reader's position. */
function delimitedEnd(r: Reader, field: string): number {
  const end = r.uint32() + r.pos;
  if (end > r.len) throw new RangeError(`${field}: length past the end of the message`);
  return end;
}

function concatInt32(a: Int32Array | null, b: Int32Array): Int32Array {
  if (a === null || a.length === 0) return b;
  const out = new Int32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** One occurrence of a repeated int32 (`zigzag`: sint32) field, appended to `previous`. */
export function readVarints(r: Reader, wireType: number, previous: Int32Array | null, zigzag: boolean, field: string): Int32Array {
  if (wireType === WIRE_VARINT) return concatInt32(previous, Int32Array.of(zigzag ? r.sint32() : r.int32()));
  if (wireType !== WIRE_DELIMITED) throw new RangeError(`${field}: wire type ${wireType} for a repeated varint`);
  const end = delimitedEnd(r, field);
  let count = 0;
  for (let i = r.pos; i < end; i++) if (r.buf[i] < 0x80) count++;
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = zigzag ? r.sint32() : r.int32();
  if (r.pos !== end) throw new RangeError(`${field}: packed varints overrun their length`);
  return concatInt32(previous, out);
}

/** One occurrence of a repeated double field, appended to `previous`. */
export function readDoubles(r: Reader, wireType: number, previous: Float64Array | null, field: string): Float64Array {
  let out: Float64Array;
  if (wireType === WIRE_FIXED64) out = Float64Array.of(r.double());
  else if (wireType === WIRE_DELIMITED) {
    const end = delimitedEnd(r, field);
    if ((end - r.pos) % 8 !== 0) throw new RangeError(`${field}: packed doubles of ${end - r.pos} bytes`);
    out = new Float64Array((end - r.pos) / 8);
    for (let i = 0; i < out.length; i++) out[i] = r.double();
  } else throw new RangeError(`${field}: wire type ${wireType} for a repeated double`);
  if (previous === null || previous.length === 0) return out;
  const joined = new Float64Array(previous.length + out.length);
  joined.set(previous);
  joined.set(out, previous.length);
  return joined;
}

/** Writes a packed repeated int32 (`zigzag`: sint32) field; nothing when empty. */
export function writeVarints(w: Writer, field: number, values: ArrayLike<number>, zigzag: boolean): void {
  if (values.length === 0) return;
  w.uint32(tag(field, WIRE_DELIMITED)).fork();
  for (let i = 0; i < values.length; i++) {
    if (zigzag) w.sint32(values[i]);
    else w.int32(values[i]);
  }
  w.ldelim();
}

/** Writes a packed repeated double field; nothing when empty. */
export function writeDoubles(w: Writer, field: number, values: ArrayLike<number>): void {
  if (values.length === 0) return;
  w.uint32(tag(field, WIRE_DELIMITED)).fork();
  for (let i = 0; i < values.length; i++) w.double(values[i]);
  w.ldelim();
}

/** Reads the length of an embedded message and returns where it ends. */
export function messageEnd(r: Reader, wireType: number, field: string): number {
  if (wireType !== WIRE_DELIMITED) throw new RangeError(`${field}: wire type ${wireType} for a message`);
  return delimitedEnd(r, field);
}

/** A reading error inside element `field` (`requests[3]`), its message prefixed with it. */
export function inElement(e: unknown, field: string): Error {
  return e instanceof RangeError ? new RangeError(`${field}.${e.message}`) : (e as Error);
}

export function newWriter(): Writer {
  return protobuf.Writer.create();
}

export function newReader(bytes: Uint8Array): Reader {
  return protobuf.Reader.create(bytes);
}
