import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { prefetchClosure } from "./prefetch-closure.js";
import { createPypiCatalog } from "./pypi-catalog.js";

/** name -> version -> Requires-Dist */
const SNAPSHOT: Record<string, Record<string, string[]>> = {
  app: { "1.0": ["lib-a>=1", "lib_b"], "2.0": ["lib-a>=2", "win-only; sys_platform == 'win32'"] },
  "lib-a": { "1.0": [], "2.0": ["lib-c"] },
  "lib-b": { "0.1": ["missing-project"] },
  "lib-c": { "3.0": ["app"] },
  "win-only": { "1.0": [] },
};

let server: Server | null = null;
let inFlight = 0;
let maxInFlight = 0;
afterEach(async () => {
  const s = server;
  server = null;
  if (s) await new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()); });
});

async function serveSnapshot(): Promise<string> {
  server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      const path = req.url ?? "";
      const page = /^\/simple\/([^/]+)\/$/.exec(path);
      const meta = /^\/files\/([^/]+)-([^-/]+)\.tar\.gz\.metadata$/.exec(path);
      if (page && SNAPSHOT[page[1]]) {
        const files = Object.keys(SNAPSHOT[page[1]]).map((v) => ({ filename: `${page[1]}-${v}.tar.gz`, url: `/files/${page[1]}-${v}.tar.gz`, hashes: {}, "core-metadata": true }));
        res.writeHead(200, { "content-type": "application/vnd.pypi.simple.v1+json" }).end(JSON.stringify({ meta: { "api-version": "1.0" }, name: page[1], files }));
      } else if (meta && SNAPSHOT[meta[1]]?.[meta[2]]) {
        const lines = ["Metadata-Version: 2.1", `Name: ${meta[1]}`, `Version: ${meta[2]}`, ...SNAPSHOT[meta[1]][meta[2]].map((r) => `Requires-Dist: ${r}`)];
        res.writeHead(200, { "content-type": "text/plain" }).end(lines.join("\n") + "\n");
      } else {
        res.writeHead(404).end();
      }
    }, 5);
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/simple/`;
}

const names = (requires: readonly string[]) => requires.filter((r) => !r.includes("win32")).map((r) => /^[A-Za-z0-9._-]+/.exec(r)?.[0] ?? "");

describe("prefetchClosure", () => {
  it("walks the closure through the callback, bounded in parallelism, collecting failures", async () => {
    const url = await serveSnapshot();
    maxInFlight = 0;
    const catalog = createPypiCatalog({ indexes: [url], http: { retries: 0 } });
    const report = await prefetchClosure(catalog, ["App"], { concurrency: 2, dependencies: (_n, _v, m) => names(m.requiresDist) });
    expect([...report.projects].sort()).toEqual(["app", "lib-a", "lib-b", "lib-c"]);
    expect(report.metadataRecords).toBe(6);
    expect(report.problems).toEqual([{ name: "missing-project", outcome: "not-found", reason: "project missing-project not found" }]);
    expect(maxInFlight).toBeLessThanOrEqual(2);
    expect(maxInFlight).toBeGreaterThan(0);
  });

  it("fetches only the selected versions", async () => {
    const url = await serveSnapshot();
    const catalog = createPypiCatalog({ indexes: [url], http: { retries: 0 } });
    const report = await prefetchClosure(catalog, ["app"], {
      concurrency: 8,
      dependencies: (_n, _v, m) => names(m.requiresDist),
      selectVersions: (_n, vs) => vs.slice(-1),
    });
    expect([...report.projects].sort()).toEqual(["app", "lib-a", "lib-c"]);
    expect(report.metadataRecords).toBe(3);
  });

  it("rejects a concurrency below one", async () => {
    const catalog = createPypiCatalog({ indexes: ["http://127.0.0.1:9/simple/"] });
    await expect(prefetchClosure(catalog, [], { concurrency: 0, dependencies: () => [] })).rejects.toThrow("concurrency must be an integer >= 1");
  });
});
