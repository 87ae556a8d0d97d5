/**
 * Bearer-token authentication of the coordinator's calls (issue 15): a call must carry
 * `authorization: Bearer <token>` with one of the operator's tokens, or it is answered
 * UNAUTHENTICATED before its handler runs. Tokens are compared by their SHA-256 digests in constant
 * time, so the comparison's time says nothing about how much of a guess was right.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import * as grpc from "@grpc/grpc-js";

export type Authorizer = (metadata: grpc.Metadata) => boolean;

const digest = (token: string) => createHash("sha256").update(token, "utf8").digest();

/** True when `metadata` holds `authorization: Bearer T` with T one of `tokens` (which must not be empty). */
export function bearerAuthorizer(tokens: readonly string[]): Authorizer {
  if (tokens.length === 0) throw new Error("bug: bearerAuthorizer needs at least one token");
  const known = tokens.map(digest);
  return (metadata) => {
    const values = metadata.get("authorization");
    if (values.length !== 1 || typeof values[0] !== "string") return false;
    const m = /^Bearer ([^\s]+)$/i.exec(values[0].trim());
    if (m === null) return false;
    const given = digest(m[1]);
    let ok = false;
    for (const k of known) ok = timingSafeEqual(k, given) || ok;
    return ok;
  };
}

export const UNAUTHENTICATED_DETAILS = "this coordinator needs authorization: Bearer <token> (one of its --token-file tokens)";

/** A service implementation whose every method first checks `authorize`; refused calls end UNAUTHENTICATED. */
export function guardedService(implementation: grpc.UntypedServiceImplementation, authorize: Authorizer): grpc.UntypedServiceImplementation {
  const guarded: grpc.UntypedServiceImplementation = {};
  for (const [name, handler] of Object.entries(implementation)) {
    guarded[name] = ((call: { metadata: grpc.Metadata; emit(event: string, e: unknown): boolean }, callback?: grpc.sendUnaryData<unknown>) => {
      if (authorize(call.metadata)) return (handler as (c: unknown, cb?: unknown) => void)(call, callback);
      const status = { code: grpc.status.UNAUTHENTICATED, details: UNAUTHENTICATED_DETAILS, metadata: new grpc.Metadata() };
      if (typeof callback === "function") callback(status);
      else call.emit("error", status);
    }) as grpc.UntypedHandleCall;
  }
  return guarded;
}

/** The client side: call credentials sending `authorization: Bearer <token>` on every call. */
export function bearerCallCredentials(token: string): grpc.CallCredentials {
  return grpc.credentials.createFromMetadataGenerator((_params, callback) => {
    const metadata = new grpc.Metadata();
    metadata.set("authorization", `Bearer ${token}`);
    callback(null, metadata);
  });
}
