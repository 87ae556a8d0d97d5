/**
 * `maat mirror serve`: a PEP 503/691/658/714 simple index over any catalog, with stub wheels
 * (and sdists where the catalog lists them) generated deterministically from the metadata.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Catalog } from "../../core/catalog/index.js";
import { normalizeName as normalize } from "../../core/pep508/index.js";
import { buildServedProject, type ServedProject } from "./served-project.js";
import { chooseFormat, HTML_TYPE, JSON_TYPE, projectHtml, projectJson, projectListHtml, projectListJson } from "./simple-pages.js";

export interface MirrorSource {
  readonly catalog: Catalog;
  /** Every project (PEP 503 normalized) for `/simple/`; a catalog that cannot list gives an empty list. */
  readonly projects?: () => readonly string[];
  /** The name as published, for the Name header of METADATA. */
  readonly displayName?: (name: string) => string | undefined;
}

export interface MirrorOptions {
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Hears skipped releases and files (a version that does not parse, invalid metadata). */
  readonly warn?: (message: string) => void;
  /** How many built projects stay in memory. */
  readonly cacheProjects?: number;
}

export class MirrorServer {
  private server: Server | null = null;
  private readonly cache = new Map<string, Promise<ServedProject | null>>();
  private baseUrl: string | null = null;

  constructor(
    private readonly source: MirrorSource,
    private readonly options: MirrorOptions = {},
  ) {}

  /** Listens and returns the index URL, `http://host:port/simple/`. */
  async start(): Promise<string> {
    if (this.server !== null) throw new Error("mirror already started");
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", `internal error: ${(error as Error).message}\n`, req.method === "HEAD");
        else res.destroy();
      });
    });
    server.keepAliveTimeout = 5_000;
    this.server = server;
    const host = this.options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port ?? 0, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
    this.baseUrl = `http://${shownHost}:${address.port}`;
    return `${this.baseUrl}/simple/`;
  }

  get url(): string {
    if (this.baseUrl === null) throw new Error("mirror not started");
    return `${this.baseUrl}/simple/`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private project(name: string): Promise<ServedProject | null> {
    let p = this.cache.get(name);
    if (p === undefined) {
      const display = this.source.displayName?.(name) ?? name;
      p = buildServedProject(this.source.catalog, name, display, this.options.warn ?? (() => {}));
      this.cache.set(name, p);
      const limit = this.options.cacheProjects ?? 2048;
      if (this.cache.size > limit) this.cache.delete(this.cache.keys().next().value as string);
      p.catch(() => this.cache.delete(name));
    }
    return p;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const head = req.method === "HEAD";
    if (req.method !== "GET" && !head) {
      res.setHeader("Allow", "GET, HEAD");
      return send(res, 405, "text/plain; charset=utf-8", "method not allowed\n", head);
    }
    const url = new URL(req.url ?? "/", "http://mirror.invalid");
    let segments: string[];
    try {
      segments = url.pathname.split("/").filter((s) => s !== "").map(decodeURIComponent);
    } catch {
      return send(res, 400, "text/plain; charset=utf-8", "bad URL encoding\n", head);
    }
    if (segments[0] === "simple") {
      const format = chooseFormat(req.headers.accept, url.searchParams.get("format"));
      res.setHeader("Vary", "Accept");
      if (segments.length === 1) {
        if (!url.pathname.endsWith("/")) return redirect(res, "/simple/", head);
        const names = this.source.projects?.() ?? [];
        return format === "json"
          ? sendCached(req, res, JSON_TYPE, projectListJson(names), head)
          : sendCached(req, res, `${HTML_TYPE}; charset=utf-8`, projectListHtml(names), head);
      }
      if (segments.length === 2) {
        const normalized = normalize(segments[1]);
        if (normalized !== segments[1] || !url.pathname.endsWith("/")) return redirect(res, `/simple/${encodeURIComponent(normalized)}/`, head);
        const project = await this.project(normalized);
        if (project === null) return send(res, 404, "text/plain; charset=utf-8", `project ${normalized} not found\n`, head);
        return format === "json"
          ? sendCached(req, res, JSON_TYPE, projectJson(project), head)
          : sendCached(req, res, `${HTML_TYPE}; charset=utf-8`, projectHtml(project), head);
      }
    }
    if (segments[0] === "files" && segments.length === 3) {
      const project = await this.project(normalize(segments[1]));
      let filename = segments[2];
      const wantsMetadata = filename.endsWith(".metadata");
      if (wantsMetadata) filename = filename.slice(0, -".metadata".length);
      const file = project?.byFilename.get(filename);
      if (file !== undefined) {
        if (wantsMetadata) return sendCached(req, res, "application/octet-stream", file.metadata, head, file.metadataSha256);
        const type = file.kind === "wheel" ? "application/zip" : "application/gzip";
        return sendCached(req, res, type, file.body, head, file.sha256);
      }
    }
    return send(res, 404, "text/plain; charset=utf-8", "not found\n", head);
  }
}

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array, head: boolean): void {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  res.statusCode = status;
  res.setHeader("Content-Type", type);
  res.setHeader("Content-Length", bytes.length);
  res.end(head ? undefined : bytes);
}

function sendCached(req: IncomingMessage, res: ServerResponse, type: string, body: string | Uint8Array, head: boolean, digest?: string): void {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  const etag = `"${(digest ?? createHash("sha256").update(bytes).digest("hex")).slice(0, 32)}"`;
  res.setHeader("ETag", etag);
  res.setHeader("Cache-Control", "max-age=60");
  const match = req.headers["if-none-match"];
  if (match !== undefined && match.split(",").some((t) => t.trim() === etag || t.trim() === "*")) {
    res.statusCode = 304;
    res.end();
    return;
  }
  send(res, 200, type, bytes, head);
}

function redirect(res: ServerResponse, location: string, head: boolean): void {
  res.setHeader("Location", location);
  send(res, 301, "text/plain; charset=utf-8", `moved to ${location}\n`, head);
}
