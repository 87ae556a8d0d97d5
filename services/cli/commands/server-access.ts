import { readFileSync } from "node:fs";
import type { AdviserClientOptions } from "../../../adapters/grpc/index.js";
import { UsageError } from "../usage-error.js";

export interface ServerAccessFlags {
  readonly tlsCa?: string;
  readonly tlsClientCert?: string;
  readonly tlsClientKey?: string;
  readonly tokenFile?: string;
}

const MAX_BYTES = 1024 * 1024;

/** A flag's value, else its variable's when set and not empty. */
const pick = (flag: string | undefined, env: Readonly<Record<string, string | undefined>>, variable: string) => flag ?? (env[variable] !== undefined && env[variable] !== "" ? env[variable] : undefined);

function read(path: string, what: string): Buffer {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    throw new UsageError(`${what} ${path}: cannot read: ${(e as Error).message}`);
  }
  if (data.length > MAX_BYTES) throw new UsageError(`${what} ${path}: larger than ${MAX_BYTES} bytes`);
  return data;
}

/**
 * How `maat advise --server` reaches a secured coordinator: TLS trusting `--tls-ca` (MAAT_TLS_CA),
 * optionally with a client certificate, and the first token of `--token-file` (MAAT_TOKEN_FILE:
 * the same file format as the coordinator's, one token a line, # comments). Errors name the flag
 * and the file, never its content.
 */
export function readServerAccess(flags: ServerAccessFlags, env: Readonly<Record<string, string | undefined>>): AdviserClientOptions {
  const ca = pick(flags.tlsCa, env, "MAAT_TLS_CA");
  const cert = pick(flags.tlsClientCert, env, "MAAT_TLS_CLIENT_CERT");
  const key = pick(flags.tlsClientKey, env, "MAAT_TLS_CLIENT_KEY");
  const tokenFile = pick(flags.tokenFile, env, "MAAT_TOKEN_FILE");
  if ((cert === undefined) !== (key === undefined)) throw new UsageError("--tls-client-cert and --tls-client-key (MAAT_TLS_CLIENT_CERT, MAAT_TLS_CLIENT_KEY) go together");
  if (cert !== undefined && ca === undefined) throw new UsageError("--tls-client-cert needs --tls-ca (MAAT_TLS_CA)");
  let token: string | undefined;
  if (tokenFile !== undefined) {
    token = read(tokenFile, "--token-file").toString("utf8").split(/\r?\n/).map((l) => l.trim()).find((l) => l !== "" && !l.startsWith("#"));
    if (token === undefined) throw new UsageError(`--token-file ${tokenFile}: no token (one a line)`);
  }
  return {
    ...(ca === undefined ? {} : { tls: { ca: read(ca, "--tls-ca"), ...(cert !== undefined && key !== undefined ? { cert: read(cert, "--tls-client-cert"), key: read(key, "--tls-client-key") } : {}) } }),
    ...(token === undefined ? {} : { token }),
  };
}
