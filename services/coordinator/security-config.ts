import { fail, pick, type Source } from "../compose/setting.js";

/**
 * What makes a coordinator safe to expose (issue 15), from the flags of `maat serve` and MAAT_*
 * variables: TLS, bearer tokens, the folders a request may name, the index URLs it may use.
 * Only paths and names here; the files are read when the coordinator starts (security-material.ts).
 */
export interface SecurityConfig {
  /** Serve TLS with this certificate and key (MAAT_TLS_CERT, MAAT_TLS_KEY); clients must present a certificate signed by `clientCaFile` when set (MAAT_TLS_CLIENT_CA). */
  readonly tls: { readonly certFile: string; readonly keyFile: string; readonly clientCaFile: string | null } | null;
  /** Bearer tokens, one a line (MAAT_TOKEN_FILE); null: no authentication. */
  readonly tokenFile: string | null;
  /** The folders whose files a request may name (index, advisories_path, prescriptions_path); empty: none (MAAT_DATA_ROOTS, separated by ":"). */
  readonly dataRoots: readonly string[];
  /** The index URLs a request may use (MAAT_ALLOW_INDEXES, separated by spaces or commas). */
  readonly allowIndexes: readonly string[];
  /** Knowledge by name: `@NAME` in a request stands for this path or index URL (MAAT_SOURCES, NAME=VALUE separated by commas). */
  readonly sources: ReadonlyMap<string, string>;
}

export interface SecurityFlags {
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly tlsClientCa?: string;
  readonly tokenFile?: string;
  readonly dataRoot?: readonly string[];
  readonly allowIndex?: readonly string[];
  readonly source?: readonly string[];
}

/** The index a coordinator allows when the operator names none: PyPI's simple API, the CLI's default. */
export const DEFAULT_ALLOWED_INDEXES: readonly string[] = ["https://pypi.org/simple"];

const path = (source: Source | null): string | null => {
  if (source === null) return null;
  if (source.value.trim() === "") fail(source, "expected a file path");
  return source.value.trim();
};

/** The list of a repeatable flag when given, else the variable's entries split on `separator`. */
function list(flag: readonly string[] | undefined, flagName: string, env: Readonly<Record<string, string | undefined>>, variable: string, separator: RegExp): readonly Source[] {
  if (flag !== undefined && flag.length > 0) return flag.map((value) => ({ value, name: flagName }));
  const v = env[variable];
  return v === undefined || v.trim() === "" ? [] : v.split(separator).filter((s) => s.trim() !== "").map((value) => ({ value, name: variable }));
}

/** An http(s) URL without credentials, query or fragment, trailing slashes dropped (the form requests are compared in). */
export function indexUrlKey(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") return null;
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
}

/** Throws a ConfigProblem naming the flag or variable (parseCoordinatorConfig's settingsOutcome turns it into a failure). */
export function parseSecurityConfig(flags: SecurityFlags, env: Readonly<Record<string, string | undefined>>): SecurityConfig {
  const certSource = pick(flags.tlsCert, "--tls-cert", env, "MAAT_TLS_CERT");
  const cert = path(certSource);
  const keySource = pick(flags.tlsKey, "--tls-key", env, "MAAT_TLS_KEY");
  const key = path(keySource);
  const caSource = pick(flags.tlsClientCa, "--tls-client-ca", env, "MAAT_TLS_CLIENT_CA");
  const clientCa = path(caSource);
  if (cert !== null && keySource === null) fail(certSource!, "needs --tls-key (MAAT_TLS_KEY) too");
  if (key !== null && certSource === null) fail(keySource!, "needs --tls-cert (MAAT_TLS_CERT) too");
  if (clientCa !== null && cert === null) fail(caSource!, "needs --tls-cert and --tls-key (MAAT_TLS_CERT, MAAT_TLS_KEY): client certificates are checked on TLS only");
  const roots = list(flags.dataRoot, "--data-root", env, "MAAT_DATA_ROOTS", /:/).map((s) => {
    const p = s.value.trim();
    if (!p.startsWith("/")) fail(s, "expected an absolute folder path");
    return p;
  });
  const indexes = list(flags.allowIndex, "--allow-index", env, "MAAT_ALLOW_INDEXES", /[\s,]+/).map((s) => indexUrlKey(s.value) ?? fail(s, "expected an http:// or https:// index URL without credentials, query or fragment"));
  const sources = new Map<string, string>();
  for (const src of list(flags.source, "--source", env, "MAAT_SOURCES", /,/)) {
    const m = /^([a-z0-9][a-z0-9._-]{0,62})=(.+)$/.exec(src.value.trim());
    if (m === null) fail(src, "expected NAME=PATH_OR_URL, NAME of lower-case letters, digits, . _ -");
    if (sources.has(m[1])) fail(src, `the name ${m[1]} is given twice`);
    const value = m[2].trim();
    if (/^https?:\/\//.test(value)) {
      if (indexUrlKey(value) === null) fail(src, "expected an index URL without credentials, query or fragment");
    } else if (!value.startsWith("/")) fail(src, "expected an absolute path or an http(s) index URL");
    sources.set(m[1], value);
  }
  return Object.freeze({
    tls: cert !== null && key !== null ? Object.freeze({ certFile: cert, keyFile: key, clientCaFile: clientCa }) : null,
    tokenFile: path(pick(flags.tokenFile, "--token-file", env, "MAAT_TOKEN_FILE")),
    dataRoots: Object.freeze(roots),
    allowIndexes: Object.freeze(indexes.length > 0 ? indexes : [...DEFAULT_ALLOWED_INDEXES]),
    sources,
  });
}
