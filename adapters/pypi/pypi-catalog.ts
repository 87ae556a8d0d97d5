/**
 * The Catalog port over PyPI-compatible indexes.
 *
 * Index priority (uv's "first-index" strategy): indexes are asked in the order given; the first
 * one that has the project (a 200 or 304 for its page) supplies all of its versions, later
 * indexes are not merged in. A 404 moves on to the next index; an index that cannot be reached
 * stops the lookup with `offline` rather than letting a later index supply the project (that
 * would open the door to dependency confusion).
 *
 * Project pages: PEP 691 JSON is asked for, PEP 503 HTML accepted. With a cache (the knowledge
 * store), a page is revalidated once per catalog with If-None-Match and a 304 is answered from
 * the cache. Metadata: the PEP 658/714 core-metadata file of a wheel (else an sdist) when the
 * page advertises one (its hash checked when given), else the JSON API
 * `<index root>/pypi/<name>/<version>/json`. Metadata records are immutable: once in the cache
 * they are answered from it. In offline mode only the cache answers; what it lacks is `offline`.
 */
import { createHash, getHashes } from "node:crypto";
import type { CandidateInfo, CandidateMetadata, Catalog, CatalogOutcome } from "../../core/catalog/index.js";
import { parseCoreMetadata, type MetadataParse } from "./core-metadata.js";
import { createHttpClient, type HttpClient, type HttpOptions } from "./http-client.js";
import type { CachedMetadata, IndexCache, MetadataSource } from "./index-cache.js";
import { jsonApiUrl, parseJsonApiDocument } from "./json-api-document.js";
import { DEFAULT_LIMITS, type IndexLimits } from "./limits.js";
import type { PageParse } from "./page-parse-result.js";
import { normalizeName } from "../../core/pep508/index.js";
import { groupReleases, versionKey, type Release } from "./releases.js";
import { parseSimpleHtml } from "./simple-html-page.js";
import { parseSimpleJson } from "./simple-json-page.js";

export const DEFAULT_INDEX_URL = "https://pypi.org/simple/";
export const SIMPLE_ACCEPT = "application/vnd.pypi.simple.v1+json, text/html;q=0.1";

export interface PypiCatalogOptions {
  /** Simple-API base URLs in priority order. Default: [DEFAULT_INDEX_URL]. */
  readonly indexes?: readonly string[];
  /** The knowledge store (or any IndexCache); null or absent: nothing persists, offline mode has nothing. */
  readonly cache?: IndexCache | null;
  /** Answer from the cache alone; never touch the network. */
  readonly offline?: boolean;
  /** An HTTP client to share, or options for a new one. */
  readonly http?: HttpClient | HttpOptions;
  readonly limits?: Partial<IndexLimits>;
  /** The clock for fetch times; defaults to the system clock. */
  readonly now?: () => Date;
}

export interface PypiCatalog extends Catalog {
  /** The index that supplied a project in this catalog's lifetime, or null when not (yet) known. */
  indexOf(name: string): string | null;
  /** Requests made over the network (retries included) and lookups answered from the cache. */
  stats(): { readonly httpAttempts: number; readonly pagesFromCache: number; readonly metadataFromCache: number };
}

type Page = { readonly kind: "found"; readonly indexUrl: string; readonly releases: Map<string, Release> };
type PageOutcome = Page | Exclude<CatalogOutcome<never>, { kind: "found" }>;

export function createPypiCatalog(options: PypiCatalogOptions = {}): PypiCatalog {
  const indexes = (options.indexes ?? [DEFAULT_INDEX_URL]).map(checkIndexUrl);
  if (indexes.length === 0) throw new Error("createPypiCatalog: indexes must name at least one index URL");
  const cache = options.cache ?? null;
  const offline = options.offline ?? false;
  const http = options.http !== undefined && "get" in options.http ? options.http : createHttpClient(options.http as HttpOptions | undefined);
  const limits: IndexLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const now = options.now ?? (() => new Date());
  const pages = new Map<string, Promise<PageOutcome>>();
  const metas = new Map<string, Promise<CatalogOutcome<CandidateMetadata>>>();
  const indexOfKnown = new Map<string, string>();
  let pagesFromCache = 0;
  let metadataFromCache = 0;

  function page(name: string): Promise<PageOutcome> {
    let p = pages.get(name);
    if (p === undefined) {
      p = fetchPage(name).then((r) => {
        if (r.kind === "found") indexOfKnown.set(name, r.indexUrl);
        return r;
      });
      pages.set(name, p);
    }
    return p;
  }

  async function fetchPage(name: string): Promise<PageOutcome> {
    for (const indexUrl of indexes) {
      const cached = cache?.page(indexUrl, name) ?? null;
      if (offline) {
        if (cached !== null) {
          pagesFromCache++;
          return { kind: "found", indexUrl, releases: groupReleases(name, cached.files) };
        }
        continue;
      }
      const url = `${indexUrl}${encodeURIComponent(name)}/`;
      const r = await http.get(url, { accept: SIMPLE_ACCEPT, etag: cached?.etag ?? null, maxBytes: limits.maxDocumentBytes });
      switch (r.kind) {
        case "not-found":
          continue;
        case "unavailable":
          return { kind: "offline", reason: r.reason };
        case "too-large":
          return { kind: "invalid-metadata", name, reason: r.reason };
        case "not-modified":
          if (cached === null) return { kind: "offline", reason: `${url} answered 304 Not Modified to a request without If-None-Match` };
          cache?.touchPage(indexUrl, name, now().toISOString());
          pagesFromCache++;
          return { kind: "found", indexUrl, releases: groupReleases(name, cached.files) };
        case "ok": {
          const parsed = parsePage(r.body, r.contentType, r.url, limits);
          if (!parsed.ok) return { kind: "invalid-metadata", name, reason: parsed.error };
          const etag = r.etag !== null && r.etag.length <= limits.maxEtagChars ? r.etag : null;
          cache?.putPage({ indexUrl, name, etag, fetchedAt: now().toISOString(), files: parsed.value });
          return { kind: "found", indexUrl, releases: groupReleases(name, parsed.value) };
        }
      }
    }
    if (offline) {
      return { kind: "offline", reason: cache === null
        ? `offline mode without a knowledge store: cannot list project "${name}"`
        : `offline mode: project "${name}" is not in the knowledge store (indexes: ${indexes.join(", ")})` };
    }
    return { kind: "not-found", name };
  }

  async function fetchMetadata(name: string, version: string): Promise<CatalogOutcome<CandidateMetadata>> {
    const p = await page(name);
    if (p.kind !== "found") return p.kind === "not-found" ? { kind: "not-found", name, version } : p;
    const release = p.releases.get(versionKey(version));
    if (release === undefined) return { kind: "not-found", name, version };
    const published = release.info.version;
    const cached = cache?.metadata(p.indexUrl, name, published) ?? null;
    if (cached !== null) {
      metadataFromCache++;
      return fromRecord(cached);
    }
    if (offline) return { kind: "offline", reason: `offline mode: the metadata of ${name} ${published} is not in the knowledge store` };
    const withMetadata = [...release.files.filter((f) => f.hasMetadata && f.filename.endsWith(".whl")), ...release.files.filter((f) => f.hasMetadata && !f.filename.endsWith(".whl"))];
    let source: MetadataSource = "json-api";
    let parsed: MetadataParse | null = null;
    const file = withMetadata.find((f) => f.url !== undefined);
    if (file?.url !== undefined) {
      const url = `${file.url}.metadata`;
      const r = await http.get(url, { accept: "*/*", maxBytes: limits.maxMetadataBytes });
      if (r.kind === "unavailable") return { kind: "offline", reason: r.reason };
      if (r.kind === "too-large") return { kind: "invalid-metadata", name, version: published, reason: r.reason };
      if (r.kind === "not-modified") return { kind: "offline", reason: `${url} answered 304 Not Modified to a request without If-None-Match` };
      if (r.kind === "ok") {
        const mismatch = hashMismatch(r.body, file.metadataHashes ?? {});
        if (mismatch !== null) return { kind: "invalid-metadata", name, version: published, reason: `${url}: ${mismatch}` };
        source = "metadata-file";
        parsed = parseCoreMetadata(r.body, name, limits, published);
        if (!parsed.ok) parsed = { ok: false, error: `${url}: ${parsed.error}` };
      }
    }
    if (parsed === null) {
      const url = jsonApiUrl(p.indexUrl, name, published);
      const r = await http.get(url, { accept: "application/json", maxBytes: limits.maxDocumentBytes });
      if (r.kind === "unavailable") return { kind: "offline", reason: r.reason };
      if (r.kind === "too-large") return { kind: "invalid-metadata", name, version: published, reason: r.reason };
      if (r.kind !== "ok") return { kind: "not-found", name, version: published };
      parsed = parseJsonApiDocument(new TextDecoder().decode(r.body), url);
    }
    const base = { indexUrl: p.indexUrl, name, version: published, source, fetchedAt: now().toISOString() };
    const record: CachedMetadata = parsed.ok ? { ...base, status: "found", metadata: parsed.value } : { ...base, status: "invalid", reason: parsed.error };
    cache?.putMetadata(record);
    return fromRecord(record);
  }

  return {
    async versions(name: string): Promise<CatalogOutcome<readonly CandidateInfo[]>> {
      const p = await page(normalizeName(name));
      if (p.kind !== "found") return p;
      return { kind: "found", value: [...p.releases.values()].map((r) => r.info) };
    },
    metadata(name: string, version: string): Promise<CatalogOutcome<CandidateMetadata>> {
      const n = normalizeName(name);
      const key = `${n}\u0000${versionKey(version)}`;
      let m = metas.get(key);
      if (m === undefined) metas.set(key, (m = fetchMetadata(n, version)));
      return m;
    },
    indexOf(name) {
      return indexOfKnown.get(normalizeName(name)) ?? null;
    },
    stats() {
      return { httpAttempts: http.attempts(), pagesFromCache, metadataFromCache };
    },
  };
}

function checkIndexUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`index URL ${JSON.stringify(url)} is not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error(`index URL ${JSON.stringify(url)} must be http or https`);
  parsed.hash = "";
  parsed.search = "";
  return parsed.href.endsWith("/") ? parsed.href : `${parsed.href}/`;
}

function parsePage(body: Uint8Array, contentType: string, url: string, limits: IndexLimits): PageParse {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return { ok: false, error: `${url}: the project page is not valid UTF-8` };
  }
  const type = contentType.split(";")[0].trim().toLowerCase();
  if (type === "application/vnd.pypi.simple.v1+json" || type === "application/json" || (type === "" && text.trimStart().startsWith("{"))) {
    return parseSimpleJson(text, url, limits);
  }
  if (type === "text/html" || type === "application/vnd.pypi.simple.v1+html" || type === "") return parseSimpleHtml(text, url, limits);
  return { ok: false, error: `${url}: unsupported content type ${JSON.stringify(contentType)}` };
}

function hashMismatch(body: Uint8Array, expected: Readonly<Record<string, string>>): string | null {
  const available = new Set(getHashes());
  for (const [algorithm, hex] of Object.entries(expected)) {
    if (!available.has(algorithm)) continue;
    const actual = createHash(algorithm).update(body).digest("hex");
    if (actual !== hex.toLowerCase()) return `${algorithm} of the metadata file is ${actual}, the index promised ${hex}`;
  }
  return null;
}

function fromRecord(r: CachedMetadata): CatalogOutcome<CandidateMetadata> {
  return r.status === "found" ? { kind: "found", value: r.metadata } : { kind: "invalid-metadata", name: r.name, version: r.version, reason: r.reason };
}
