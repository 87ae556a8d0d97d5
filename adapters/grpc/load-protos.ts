/**
 * The gRPC contracts, loaded at run time with @grpc/proto-loader: maat/v1/adviser.proto plus the
 * public grpc.health.v1 and grpc.reflection (v1, v1alpha) definitions kept in proto/grpc/.
 *
 * Options: keepCase (field names as in the .proto, snake_case, so the JSON a client sends and the
 * objects handlers see agree); longs as String (seed and budget are uint64 and may exceed 2^53,
 * which a Number would silently round); enums as String; defaults (absent scalars read as their
 * zero value); oneofs (a virtual field names the set member of AdviseEvent).
 */
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { findProtoDir } from "./proto-dir.js";

export const PROTO_FILES = ["maat/v1/adviser.proto", "grpc/health/v1/health.proto", "grpc/reflection/v1/reflection.proto", "grpc/reflection/v1alpha/reflection.proto"];

export const LOADER_OPTIONS: protoLoader.Options = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };

export interface LoadedProtos {
  readonly definition: protoLoader.PackageDefinition;
  readonly adviser: grpc.ServiceClientConstructor;
  readonly health: grpc.ServiceClientConstructor;
  readonly reflectionV1: grpc.ServiceClientConstructor;
  readonly reflectionV1alpha: grpc.ServiceClientConstructor;
}

let loaded: LoadedProtos | undefined;

function at(root: grpc.GrpcObject, path: string): grpc.ServiceClientConstructor {
  let node: unknown = root;
  for (const part of path.split(".")) node = (node as Record<string, unknown>)[part];
  if (typeof node !== "function") throw new Error(`service ${path} missing from the loaded protos`);
  return node as grpc.ServiceClientConstructor;
}

export function loadProtos(): LoadedProtos {
  if (loaded) return loaded;
  const definition = protoLoader.loadSync(PROTO_FILES, { ...LOADER_OPTIONS, includeDirs: [findProtoDir()] });
  const root = grpc.loadPackageDefinition(definition);
  loaded = {
    definition,
    adviser: at(root, "maat.v1.Adviser"),
    health: at(root, "grpc.health.v1.Health"),
    reflectionV1: at(root, "grpc.reflection.v1.ServerReflection"),
    reflectionV1alpha: at(root, "grpc.reflection.v1alpha.ServerReflection"),
  };
  return loaded;
}
