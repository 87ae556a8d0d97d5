import { existsSync, readFileSync, statSync } from "node:fs";
import { invalidArgument, type Result } from "../../core/failure/index.js";
import { knowledgeAccess, type KnowledgeAccess } from "./knowledge-access.js";
import type { SecurityConfig } from "./security-config.js";

/** The files a SecurityConfig names, read once when the coordinator starts. */
export interface SecurityMaterial {
  readonly tls: { readonly cert: Buffer; readonly key: Buffer; readonly clientCa: Buffer | null } | null;
  /** Bearer tokens; empty: no authentication. */
  readonly tokens: readonly string[];
  readonly access: KnowledgeAccess;
  /** The named sources, as ListKnowledge lists them (names and kinds, never the paths). */
  readonly sources: readonly { readonly name: string; readonly kind: "index-url" | "path" }[];
  /** What the operator should know (a data root that does not exist, tokens over plaintext). */
  readonly warnings: readonly string[];
}

/** A token shorter than this is refused: it would be guessable. */
export const MIN_TOKEN_LENGTH = 16;
const MAX_FILE_BYTES = 1024 * 1024;

function readSmall(path: string, what: string): Buffer {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error("not a regular file");
    size = st.size;
  } catch (e) {
    throw new Error(`${what} ${path}: cannot read: ${(e as Error).message}`);
  }
  if (size > MAX_FILE_BYTES) throw new Error(`${what} ${path}: larger than ${MAX_FILE_BYTES} bytes`);
  return readFileSync(path);
}

/**
 * Reads the certificate, key, client CA and tokens a coordinator's SecurityConfig names; every
 * error names the flag (and its variable) and the file, never the file's content. A token file
 * holds one token a line (blank lines and lines starting with # aside), each at least
 * MIN_TOKEN_LENGTH characters without spaces.
 */
export function readSecurityMaterial(config: SecurityConfig, listenHost: string): Result<SecurityMaterial> {
  try {
    const tls = config.tls === null ? null : {
      cert: readSmall(config.tls.certFile, "--tls-cert (MAAT_TLS_CERT)"),
      key: readSmall(config.tls.keyFile, "--tls-key (MAAT_TLS_KEY)"),
      clientCa: config.tls.clientCaFile === null ? null : readSmall(config.tls.clientCaFile, "--tls-client-ca (MAAT_TLS_CLIENT_CA)"),
    };
    const tokens: string[] = [];
    if (config.tokenFile !== null) {
      const what = "--token-file (MAAT_TOKEN_FILE)";
      const lines = readSmall(config.tokenFile, what).toString("utf8").split(/\r?\n/);
      lines.forEach((raw, i) => {
        const line = raw.trim();
        if (line === "" || line.startsWith("#")) return;
        if (/\s/.test(line)) throw new Error(`${what} ${config.tokenFile}: line ${i + 1}: a token has no spaces`);
        if (line.length < MIN_TOKEN_LENGTH) throw new Error(`${what} ${config.tokenFile}: line ${i + 1}: a token needs at least ${MIN_TOKEN_LENGTH} characters`);
        tokens.push(line);
      });
      if (tokens.length === 0) throw new Error(`${what} ${config.tokenFile}: no token (one a line)`);
    }
    const warnings: string[] = [];
    for (const root of config.dataRoots) if (!existsSync(root)) warnings.push(`--data-root ${root}: does not exist; it admits nothing`);
    const loopback = listenHost === "127.0.0.1" || listenHost === "::1" || listenHost === "localhost";
    if (tokens.length > 0 && tls === null && !loopback) warnings.push("tokens without TLS: they cross the network in clear (give --tls-cert and --tls-key, or terminate TLS in front)");
    return { ok: true, value: { tls, tokens, access: knowledgeAccess(config.dataRoots, config.allowIndexes, config.sources), sources: listSources(config.sources), warnings } };
  } catch (e) {
    return { ok: false, error: invalidArgument((e as Error).message) };
  }
}

function listSources(sources: ReadonlyMap<string, string>): SecurityMaterial["sources"] {
  return [...sources].map(([name, value]) => ({ name, kind: /^https?:\/\//.test(value) ? "index-url" as const : "path" as const }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
