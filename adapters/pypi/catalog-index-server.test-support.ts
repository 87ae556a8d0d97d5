/**
 * Test and benchmark support: serves any Catalog as a PEP 691 index on 127.0.0.1 (a port the OS
 * chooses). Every release becomes one sdist `<name>-<version>.tar.gz` with a PEP 658 metadata file
 * generated from the catalog's metadata; invalid metadata is served as a broken METADATA file.
 * Pages carry an ETag and answer If-None-Match with 304. Not part of the client.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Catalog } from "../../core/catalog/index.js";

export interface CatalogIndexServer {
  /** The simple index URL, ending in `/simple/`. */
  readonly url: string;
  requests(): number;
  close(): Promise<void>;
}

export async function serveCatalogAsIndex(catalog: Catalog): Promise<CatalogIndexServer> {
  let requests = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    requests++;
    const path = (req.url ?? "/").split("?")[0];
    const page = /^\/simple\/([^/]+)\/$/.exec(path);
    if (page) {
      const name = decodeURIComponent(page[1]);
      const listed = await catalog.versions(name);
      if (listed.kind !== "found") return void res.writeHead(404).end();
      const files = listed.value.map((info) => {
        const filename = `${name}-${info.version}.tar.gz`;
        return {
          filename,
          url: `/files/${encodeURIComponent(name)}/${encodeURIComponent(info.version)}/${encodeURIComponent(filename)}`,
          hashes: info.hashes,
          "requires-python": info.requiresPython,
          yanked: info.yanked ? (info.yankedReason ?? true) : false,
          "upload-time": info.uploadTime,
          "core-metadata": true,
        };
      });
      const body = JSON.stringify({ meta: { "api-version": "1.1" }, name, files });
      const etag = `"${createHash("sha256").update(body).digest("hex").slice(0, 32)}"`;
      if (req.headers["if-none-match"] === etag) return void res.writeHead(304, { etag }).end();
      return void res.writeHead(200, { "content-type": "application/vnd.pypi.simple.v1+json", etag }).end(body);
    }
    const file = /^\/files\/([^/]+)\/([^/]+)\/[^/]+\.metadata$/.exec(path);
    if (file) {
      const name = decodeURIComponent(file[1]);
      const version = decodeURIComponent(file[2]);
      const meta = await catalog.metadata(name, version);
      if (meta.kind === "invalid-metadata") return void res.writeHead(200, { "content-type": "text/plain" }).end("this is not METADATA\n");
      if (meta.kind !== "found") return void res.writeHead(404).end();
      const lines = ["Metadata-Version: 2.1", `Name: ${name}`, `Version: ${version}`];
      if (meta.value.requiresPython !== null) lines.push(`Requires-Python: ${meta.value.requiresPython}`);
      for (const r of meta.value.requiresDist) lines.push(`Requires-Dist: ${r}`);
      for (const e of meta.value.providesExtra) lines.push(`Provides-Extra: ${e}`);
      return void res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(`${lines.join("\n")}\n\n`);
    }
    res.writeHead(404).end();
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/simple/`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
