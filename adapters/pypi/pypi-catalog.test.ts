import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openKnowledgeStore, type KnowledgeStore } from "../store/index.js";
import type { IndexCache } from "./index-cache.js";
import { createPypiCatalog, type PypiCatalogOptions } from "./pypi-catalog.js";

// The knowledge store fills the client's cache port (a compile-time check).
const _storeIsACache: (s: KnowledgeStore) => IndexCache = (s) => s;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
interface Running { readonly url: string; readonly seen: { path: string; headers: IncomingMessage["headers"] }[]; connections(): number; close(): Promise<void> }

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(routes: Record<string, Handler>): Promise<Running> {
  const seen: Running["seen"] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? "/";
    seen.push({ path, headers: req.headers });
    const handler = routes[path];
    if (handler === undefined) {
      res.writeHead(404).end("not here");
      return;
    }
    handler(req, res);
  });
  let connections = 0;
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const running: Running = {
    url: `http://127.0.0.1:${port}`,
    seen,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  cleanups.push(() => running.close());
  return running;
}

const json = (body: unknown, headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(200, { "content-type": "application/vnd.pypi.simple.v1+json", ...headers }).end(JSON.stringify(body));
};
const text = (body: string, type = "text/plain"): Handler => (_req, res) => {
  res.writeHead(200, { "content-type": type }).end(body);
};

const METADATA_1 = "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nRequires-Python: >=3.7\nRequires-Dist: six>=1.0\nRequires-Dist: pytest; extra == 'test'\nProvides-Extra: test\n\nbody\n";
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

function demoPage() {
  return {
    meta: { "api-version": "1.1" },
    name: "demo",
    files: [
      { filename: "demo-1.0.tar.gz", url: "/files/demo-1.0.tar.gz", hashes: { sha256: "aa" } },
      { filename: "demo-1.0-py3-none-any.whl", url: "/files/demo-1.0-py3-none-any.whl", hashes: { sha256: "bb" }, "core-metadata": { sha256: sha256(METADATA_1) }, "upload-time": "2020-01-02T00:00:00Z" },
      { filename: "demo-2.0.tar.gz", url: "/files/demo-2.0.tar.gz", hashes: {}, "requires-python": ">=3.8" },
      { filename: "demo-3.0-py3-none-any.whl", url: "/files/demo-3.0-py3-none-any.whl", hashes: {}, "core-metadata": true },
      { filename: "demo-4.0.tar.gz", url: "/files/demo-4.0.tar.gz", hashes: {}, yanked: "security hole" },
    ],
  };
}

function demoRoutes(): Record<string, Handler> {
  return {
    "/simple/demo/": json(demoPage()),
    "/files/demo-1.0-py3-none-any.whl.metadata": text(METADATA_1),
    "/pypi/demo/2.0/json": text(JSON.stringify({ info: { requires_dist: ["attrs>=19"], requires_python: ">=3.8" } }), "application/json"),
    "/files/demo-3.0-py3-none-any.whl.metadata": text("Name: demo\nthis line is broken\n"),
    "/pypi/demo/4.0/json": text(JSON.stringify({ info: { requires_dist: null, requires_python: null } }), "application/json"),
  };
}

const fastHttp = { attemptTimeoutMs: 2_000, deadlineMs: 5_000, retries: 3, backoffMs: 20, maxBackoffMs: 100 };
const catalog = (indexes: string[], extra: Partial<PypiCatalogOptions> = {}) => createPypiCatalog({ indexes, http: fastHttp, ...extra });

function tempStore(): KnowledgeStore {
  const dir = mkdtempSync(join(tmpdir(), "maat-pypi-"));
  const { store } = openKnowledgeStore(join(dir, "k.sqlite"));
  cleanups.push(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return store;
}

describe("PyPI catalog over a real loopback index", () => {
  it("lists versions from a PEP 691 page and reads metadata from PEP 658 files and the JSON API", async () => {
    const server = await serve(demoRoutes());
    const c = catalog([`${server.url}/simple`]);
    const listed = await c.versions("Demo");
    if (listed.kind !== "found") throw new Error(JSON.stringify(listed));
    expect(listed.value.map((v) => v.version)).toEqual(["1.0", "2.0", "3.0", "4.0"]);
    expect(listed.value[0]).toMatchObject({ yanked: false, uploadTime: "2020-01-02T00:00:00Z", hashes: { sha256: "aa" } });
    expect(listed.value[0].files?.map((f) => f.url)).toEqual([`${server.url}/files/demo-1.0.tar.gz`, `${server.url}/files/demo-1.0-py3-none-any.whl`]);
    expect(listed.value[3]).toMatchObject({ yanked: true, yankedReason: "security hole" });
    expect(server.seen[0].headers.accept).toBe("application/vnd.pypi.simple.v1+json, text/html;q=0.1");

    expect(await c.metadata("demo", "1.0")).toEqual({ kind: "found", value: { requiresDist: ["six>=1.0", "pytest; extra == 'test'"], requiresPython: ">=3.7", providesExtra: ["test"] } });
    expect(await c.metadata("demo", "2.0")).toEqual({ kind: "found", value: { requiresDist: ["attrs>=19"], requiresPython: ">=3.8", providesExtra: [] } });
    expect(await c.metadata("demo", "4.0")).toEqual({ kind: "found", value: { requiresDist: [], requiresPython: null, providesExtra: [] } });
    const broken = await c.metadata("demo", "3.0");
    expect(broken).toMatchObject({ kind: "invalid-metadata", name: "demo", version: "3.0" });
    expect(broken.kind === "invalid-metadata" && broken.reason).toContain("line 2");
    expect(await c.metadata("demo", "9.9")).toEqual({ kind: "not-found", name: "demo", version: "9.9" });
    expect(await c.versions("absent")).toEqual({ kind: "not-found", name: "absent" });
  });

  it("keeps connections alive across requests", async () => {
    const server = await serve(demoRoutes());
    const c = catalog([`${server.url}/simple/`]);
    for (const v of ["1.0", "2.0", "3.0", "4.0"]) await c.metadata("demo", v);
    expect(server.seen.length).toBe(5);
    expect(server.connections()).toBeLessThan(server.seen.length);
  });

  it("falls back to PEP 503 HTML", async () => {
    const html = `<html><body><a href="/files/demo-1.0.tar.gz#sha256=aa" data-requires-python="&gt;=3.7">demo-1.0.tar.gz</a>
      <a href="/files/demo-1.0-py3-none-any.whl" data-dist-info-metadata="sha256=${sha256(METADATA_1)}">demo-1.0-py3-none-any.whl</a></body></html>`;
    const server = await serve({ ...demoRoutes(), "/simple/demo/": text(html, "text/html; charset=utf-8") });
    const c = catalog([`${server.url}/simple/`]);
    const listed = await c.versions("demo");
    expect(listed.kind === "found" && listed.value.map((v) => [v.version, v.requiresPython])).toEqual([["1.0", ">=3.7"]]);
    expect(await c.metadata("demo", "1.0")).toMatchObject({ kind: "found", value: { requiresPython: ">=3.7" } });
  });

  it("refuses a metadata file whose hash differs from the page's promise", async () => {
    const page = demoPage();
    page.files[1]["core-metadata"] = { sha256: "00".repeat(32) };
    const server = await serve({ ...demoRoutes(), "/simple/demo/": json(page) });
    const r = await catalog([`${server.url}/simple/`]).metadata("demo", "1.0");
    expect(r.kind === "invalid-metadata" && r.reason).toContain("the index promised");
  });

  it("takes a project from the first index that has it, in the stated order", async () => {
    const first = await serve({ "/simple/only-first/": json({ meta: { "api-version": "1.0" }, files: [{ filename: "only_first-1.0.tar.gz", url: "/f/only_first-1.0.tar.gz", hashes: {} }] }) });
    const second = await serve(demoRoutes());
    const c = catalog([`${first.url}/simple/`, `${second.url}/simple/`]);
    expect((await c.versions("demo")).kind).toBe("found");
    expect(c.indexOf("demo")).toBe(`${second.url}/simple/`);
    expect((await c.versions("only_first")).kind).toBe("found");
    expect(c.indexOf("only-first")).toBe(`${first.url}/simple/`);
    expect(second.seen.map((s) => s.path)).not.toContain("/simple/only-first/");
  });

  it("retries a 5xx answer with backoff and then succeeds", async () => {
    let calls = 0;
    const routes = demoRoutes();
    const page = routes["/simple/demo/"];
    const server = await serve({
      ...routes,
      "/simple/demo/": (req, res) => (++calls <= 2 ? res.writeHead(503).end("busy") : page(req, res)),
    });
    const c = catalog([`${server.url}/simple/`]);
    expect((await c.versions("demo")).kind).toBe("found");
    expect(calls).toBe(3);
  });

  it("gives up on a server that keeps failing, naming the status", async () => {
    const server = await serve({ "/simple/demo/": (_q, res) => res.writeHead(500).end() });
    const r = await catalog([`${server.url}/simple/`]).versions("demo");
    expect(r.kind).toBe("offline");
    expect(r.kind === "offline" && r.reason).toMatch(/answered 500 .*gave up after 4 attempts/);
  });

  it("revalidates with If-None-Match and answers a 304 from the knowledge store", async () => {
    const store = tempStore();
    let hits = 0;
    const page = demoPage();
    const server = await serve({
      ...demoRoutes(),
      "/simple/demo/": (req, res) => {
        hits++;
        if (req.headers["if-none-match"] === '"v1"') res.writeHead(304, { etag: '"v1"' }).end();
        else json(page, { etag: '"v1"' })(req, res);
      },
    });
    const first = catalog([`${server.url}/simple/`], { cache: store });
    const a = await first.versions("demo");
    expect(await first.metadata("demo", "1.0")).toMatchObject({ kind: "found" });
    const second = catalog([`${server.url}/simple/`], { cache: store });
    const b = await second.versions("demo");
    expect(b).toEqual(a);
    expect(hits).toBe(2);
    const pageRequests = server.seen.filter((s) => s.path === "/simple/demo/");
    expect(pageRequests[0].headers["if-none-match"]).toBeUndefined();
    expect(pageRequests[1].headers["if-none-match"]).toBe('"v1"');
    expect(await second.metadata("demo", "1.0")).toMatchObject({ kind: "found", value: { requiresPython: ">=3.7" } });
    expect(server.seen.filter((s) => s.path.endsWith(".metadata"))).toHaveLength(1);
    expect(second.stats()).toMatchObject({ pagesFromCache: 1, metadataFromCache: 1 });
  });

  it("refuses a hostile huge document with a limit error, with or without Content-Length", async () => {
    const chunk = "<a href='x'>".padEnd(64 * 1024, " ");
    const server = await serve({
      "/simple/declared/": (_q, res) => {
        res.writeHead(200, { "content-type": "text/html", "content-length": String(10 * 1024 * 1024) });
        res.write(chunk);
      },
      "/simple/streamed/": (_q, res) => {
        res.writeHead(200, { "content-type": "text/html" });
        let sent = 0;
        const more = () => {
          while (sent < 200 && res.write(chunk)) sent++;
          if (sent < 200) res.once("drain", more);
          else res.end();
        };
        more();
      },
    });
    const c = catalog([`${server.url}/simple/`], { limits: { maxDocumentBytes: 1024 * 1024 } });
    for (const name of ["declared", "streamed"]) {
      const r = await c.versions(name);
      expect(r.kind).toBe("invalid-metadata");
      expect(r.kind === "invalid-metadata" && r.reason).toContain("larger than the limit of 1048576 bytes");
    }
  });

  it("refuses oversized response headers", async () => {
    const server = await serve({ "/simple/demo/": (_q, res) => res.writeHead(200, { "x-padding": "a".repeat(100_000), "content-type": "text/html" }).end("") });
    const r = await catalog([`${server.url}/simple/`]).versions("demo");
    expect(r.kind === "invalid-metadata" && r.reason).toContain("response headers are larger than the limit");
  });

  it("stops waiting for a slow server at the deadline", async () => {
    const server = await serve({ "/simple/slow/": () => undefined });
    const start = Date.now();
    const r = await createPypiCatalog({ indexes: [`${server.url}/simple/`], http: { attemptTimeoutMs: 150, deadlineMs: 500, retries: 5, backoffMs: 10 } }).versions("slow");
    expect(Date.now() - start).toBeLessThan(2_000);
    expect(r.kind).toBe("offline");
    expect(r.kind === "offline" && r.reason).toMatch(new RegExp(`no complete answer from ${server.url}/simple/slow/ within \\d+ ms \\(gave up after \\d attempts in \\d+ ms; deadline 500 ms\\)`));
  });

  it("reports a closed port as offline, naming the URL", async () => {
    const server = await serve({});
    const url = server.url;
    await server.close();
    const r = await catalog([`${url}/simple`]).versions("x");
    expect(r.kind).toBe("offline");
    expect(r.kind === "offline" && r.reason).toContain(`connection refused to ${url}/simple/x/`);
  });

  it("answers from the knowledge store alone in offline mode", async () => {
    const store = tempStore();
    const server = await serve(demoRoutes());
    const online = catalog([`${server.url}/simple/`], { cache: store });
    const listed = await online.versions("demo");
    await online.metadata("demo", "1.0");
    await online.metadata("demo", "3.0");
    await server.close();
    const before = server.seen.length;
    const off = catalog([`${server.url}/simple/`], { cache: store, offline: true });
    expect(await off.versions("demo")).toEqual(listed);
    expect(await off.metadata("demo", "1.0")).toMatchObject({ kind: "found", value: { requiresDist: ["six>=1.0", "pytest; extra == 'test'"] } });
    expect(await off.metadata("demo", "3.0")).toMatchObject({ kind: "invalid-metadata", version: "3.0" });
    const missingMeta = await off.metadata("demo", "2.0");
    expect(missingMeta.kind === "offline" && missingMeta.reason).toContain("demo 2.0 is not in the knowledge store");
    const missing = await off.versions("requests");
    expect(missing.kind === "offline" && missing.reason).toContain('project "requests" is not in the knowledge store');
    expect(server.seen.length).toBe(before);
  });
});
