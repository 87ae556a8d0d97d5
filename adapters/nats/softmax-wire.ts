/**
 * The softmax policy's values (one double per candidate: 3,189 for tensorflow 2.1, sent once per
 * message) encoded and decoded as one block of bytes instead of one double at a time: the same
 * wire bytes (proto3 packed doubles are little-endian IEEE 754, what a Float64Array holds on a
 * little-endian host), written with one copy and read into a Float64Array with one copy. Installed
 * on the codec's Softmax type (protobufjs looks a nested type's encode/decode up at each call);
 * a big-endian host keeps protobufjs's own.
 */
import { endianness } from "node:os";
import protobuf from "protobufjs";

interface SoftmaxFields { values?: ArrayLike<number> | null; temperature?: number | null }

const VALUES = (1 << 3) | 2; // field 1, length-delimited (packed)
const VALUE = (1 << 3) | 1; // field 1, one 64-bit value (unpacked, which decoders must accept)
const TEMPERATURE = (2 << 3) | 1; // field 2, 64-bit

export function installSoftmaxWire(softmax: protobuf.Type): void {
  if (endianness() !== "LE") return;
  softmax.encode = (message: SoftmaxFields, writer?: protobuf.Writer): protobuf.Writer => {
    const w = writer ?? protobuf.Writer.create();
    const values = message.values;
    if (values != null && values.length > 0) {
      const block = values instanceof Float64Array ? values : Float64Array.from(values);
      w.uint32(VALUES).bytes(new Uint8Array(block.buffer, block.byteOffset, block.byteLength));
    }
    if (message.temperature != null) w.uint32(TEMPERATURE).double(message.temperature);
    return w;
  };
  softmax.decode = ((input: protobuf.Reader | Uint8Array, length?: number) => {
    const r = input instanceof protobuf.Reader ? input : protobuf.Reader.create(input);
    const end = length === undefined ? r.len : r.pos + length;
    let values: Float64Array | number[] = new Float64Array(0);
    let temperature = 0;
    while (r.pos < end) {
      const tag = r.uint32();
      if (tag === VALUES) {
        const n = r.uint32();
        if (n % 8 !== 0 || r.pos + n > end) throw new RangeError(`softmax values: ${n} bytes is not a whole number of doubles within the message`);
        // A copy into a fresh buffer: aligned for the Float64Array, and not a view on the message.
        values = new Float64Array(Uint8Array.prototype.slice.call(r.buf, r.pos, r.pos + n).buffer);
        r.pos += n;
      } else if (tag === VALUE) {
        values = [...values, r.double()];
      } else if (tag === TEMPERATURE) {
        temperature = r.double();
      } else {
        r.skipType(tag & 7);
      }
    }
    return softmax.create({ values, temperature });
  }) as protobuf.Type["decode"];
}
