/**
 * grpc.reflection (v1 and v1alpha, no npm package providing it is installed): list_services,
 * file_containing_symbol and file_by_filename, answered from the serialized FileDescriptorProtos
 * @grpc/proto-loader keeps on every loaded definition. Extension queries answer NOT_FOUND (the
 * contracts declare no extensions).
 */
import { status as grpcStatus, type ServerDuplexStream, type UntypedServiceImplementation } from "@grpc/grpc-js";
import type { PackageDefinition } from "@grpc/proto-loader";
import { withMapEntryNames } from "./map-entry-names.js";

interface ReflectionRequest {
  readonly host?: string;
  readonly message_request?: string;
  readonly file_by_filename?: string;
  readonly file_containing_symbol?: string;
  readonly list_services?: string;
}

/** Field 1 (name) of a serialized FileDescriptorProto. */
function fileName(bytes: Uint8Array): string | null {
  if (bytes[0] !== 0x0a) return null;
  let len = 0, shift = 0, i = 1;
  for (; i < bytes.length; i++) {
    len |= (bytes[i] & 0x7f) << shift;
    shift += 7;
    if ((bytes[i] & 0x80) === 0) break;
  }
  return new TextDecoder().decode(bytes.subarray(i + 1, i + 1 + len));
}

export function createReflectionService(definition: PackageDefinition, services: readonly string[]): UntypedServiceImplementation {
  const bySymbol = new Map<string, Buffer[]>();
  const byFile = new Map<string, Buffer[]>();
  const fixed = new Map<Buffer, Buffer>();
  const served = (protos: Buffer[]) => protos.map((p) => {
    let f = fixed.get(p);
    if (f === undefined) { f = withMapEntryNames(p); fixed.set(p, f); }
    return f;
  });
  for (const [name, def] of Object.entries(definition)) {
    const isService = !("format" in def) && !("fileDescriptorProtos" in def);
    const protos: Buffer[] = served(isService ? (Object.values(def)[0] as { requestType?: { fileDescriptorProtos?: Buffer[] } })?.requestType?.fileDescriptorProtos ?? []
      : (def as { fileDescriptorProtos?: Buffer[] }).fileDescriptorProtos ?? []);
    bySymbol.set(name, protos);
    if (isService) for (const method of Object.keys(def)) bySymbol.set(`${name}.${method}`, protos);
    for (const p of protos) {
      const file = fileName(p);
      if (file !== null && !byFile.has(file)) byFile.set(file, protos);
    }
  }
  const answer = (call: ServerDuplexStream<ReflectionRequest, unknown>, request: ReflectionRequest) => {
    const base = { valid_host: request.host ?? "", original_request: request };
    const notFound = (what: string) => call.write({ ...base, error_response: { error_code: grpcStatus.NOT_FOUND, error_message: `${what} not found` } });
    if (request.list_services !== undefined && request.message_request === "list_services") {
      call.write({ ...base, list_services_response: { service: services.map((name) => ({ name })) } });
    } else if (request.message_request === "file_containing_symbol") {
      const protos = bySymbol.get(request.file_containing_symbol ?? "");
      if (protos) call.write({ ...base, file_descriptor_response: { file_descriptor_proto: protos } });
      else notFound(`symbol ${request.file_containing_symbol}`);
    } else if (request.message_request === "file_by_filename") {
      const protos = byFile.get(request.file_by_filename ?? "");
      if (protos) call.write({ ...base, file_descriptor_response: { file_descriptor_proto: protos } });
      else notFound(`file ${request.file_by_filename}`);
    } else {
      call.write({ ...base, error_response: { error_code: grpcStatus.UNIMPLEMENTED, error_message: `${request.message_request ?? "request"} not supported` } });
    }
  };
  return {
    ServerReflectionInfo(call: ServerDuplexStream<ReflectionRequest, unknown>) {
      call.on("data", (request: ReflectionRequest) => answer(call, request));
      call.on("end", () => call.end());
    },
  };
}
