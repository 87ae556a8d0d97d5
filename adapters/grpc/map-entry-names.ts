/**
 * protobufjs (under @grpc/proto-loader) describes a `map<K, V> weights` field with a nested entry
 * message named `Weights`; protoc and every other runtime require `WeightsEntry` (the field's name
 * in CamelCase plus "Entry") and refuse the file otherwise ("map_entry should not be set
 * explicitly"): Python's grpcio could not load maat.v1 from reflection (issue 15's probe). This
 * renames such entries, and points their fields at the new, fully qualified name, before the
 * FileDescriptorProtos are served.
 */
import descriptor from "protobufjs/ext/descriptor/index.js";

interface Field { name: string; typeName?: string; label?: number }
interface Message { name: string; field: Field[]; nestedType: Message[]; options?: { mapEntry?: boolean } }

const camel = (name: string) => name.split("_").map((p) => (p === "" ? "" : p[0].toUpperCase() + p.slice(1))).join("");

function fixMessage(message: Message, scope: string): boolean {
  const full = `${scope}.${message.name}`;
  let changed = false;
  for (const nested of message.nestedType) changed = fixMessage(nested, full) || changed;
  for (const field of message.field) {
    const entry = message.nestedType.find((n) => n.options?.mapEntry === true && field.typeName !== undefined && (field.typeName === n.name || field.typeName === `${full}.${n.name}`));
    if (entry === undefined) continue;
    const wanted = `${camel(field.name)}Entry`;
    if (entry.name !== wanted) { entry.name = wanted; changed = true; }
    const qualified = `${full}.${wanted}`;
    if (field.typeName !== qualified) { field.typeName = qualified; changed = true; }
  }
  return changed;
}

/** The serialized FileDescriptorProto with its map entries named as protoc names them (the same bytes when nothing needed it). */
export function withMapEntryNames(bytes: Buffer): Buffer {
  const type = (descriptor as unknown as { FileDescriptorProto: { decode(b: Uint8Array): unknown; encode(m: unknown): { finish(): Uint8Array } } }).FileDescriptorProto;
  const file = type.decode(bytes) as { package?: string; messageType: Message[] };
  const scope = file.package ? `.${file.package}` : "";
  let changed = false;
  for (const m of file.messageType) changed = fixMessage(m, scope) || changed;
  return changed ? Buffer.from(type.encode(file).finish()) : bytes;
}
