/**
 * Prefetch of a dependency closure through the PyPI client from a loopback index serving a real
 * PyPI snapshot (resolvelib's 2020 chalice index) as PEP 691 pages with PEP 658 metadata files.
 * Dependencies follow Requires-Dist whose markers hold for CPython 3.8 on Linux (no extras).
 * Three runs: cold (network, writing the knowledge store), warm (a new catalog on the same
 * store: pages revalidated with If-None-Match, 304s, metadata from the store), offline (store only).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { CandidateMetadata } from "../../core/catalog/index.js";
import { environmentFor, evaluateMarker, normalizeName, parseRequirement } from "../../core/pep508/index.js";
import { serveCatalogAsIndex } from "../../adapters/pypi/catalog-index-server.test-support.js";
import { createPypiCatalog, prefetchClosure, type PypiCatalog } from "../../adapters/pypi/index.js";
import { loadGraphFile } from "../../adapters/snapshot/index.js";
import { openKnowledgeStore } from "../../adapters/store/index.js";

const CONCURRENCY = 16;

interface Scenario {
  readonly label: string;
  /** Relative to ../shared/data. */
  readonly file: string;
  readonly roots: readonly string[];
  /** Follow requirements of every extra a release provides, too. */
  readonly extras: boolean;
}

const SCENARIOS: readonly Scenario[] = [
  { label: "chalice, no extras", file: "pypi-2020/index/pypi-2020-02-13-chalice.json", roots: ["chalice"], extras: false },
  { label: "chalice, all extras", file: "pypi-2020/index/pypi-2020-02-13-chalice.json", roots: ["chalice"], extras: true },
  { label: "tensorflow 2.1 graph, all extras", file: "pypi-graphs/tf21-graph.json", roots: ["tensorflow"], extras: true },
];

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const env = environmentFor({ python: "3.8", platform: "linux" });
function dependencyNames(extras: boolean) {
  return (_name: string, _version: string, metadata: CandidateMetadata): string[] => {
    const out: string[] = [];
    const extraValues = extras ? ["", ...metadata.providesExtra] : [""];
    for (const text of metadata.requiresDist) {
      const r = parseRequirement(text);
      if (!r.ok) continue;
      const marker = r.value.marker;
      if (marker !== null && !extraValues.some((e) => evaluateMarker(marker, env, e))) continue;
      out.push(normalizeName(r.value.name));
    }
    return out;
  };
}

export async function bench(): Promise<string> {
  const shared = resolve(repoRoot(), "../shared/data");
  if (!existsSync(shared)) return `## Prefetch (PyPI client + knowledge store)\n\nskipped: ${shared} is absent (../shared not present).`;
  const rows: string[] = [];
  for (const scenario of SCENARIOS) {
    const snapshot = loadGraphFile(join(shared, scenario.file));
    // The server's own work (building the snapshot's records) is done before timing the client.
    for (const name of snapshot.projects()) {
      const listed = snapshot.versionsSync(name);
      if (listed.kind === "found") for (const v of listed.value) snapshot.metadataSync(name, v.version);
    }
    const server = await serveCatalogAsIndex(snapshot);
    const dir = mkdtempSync(join(tmpdir(), "maat-bench-prefetch-"));
    const { store } = openKnowledgeStore(join(dir, "knowledge.sqlite"));
    try {
      const run = async (label: string, catalog: PypiCatalog) => {
        const before = server.requests();
        const start = performance.now();
        const report = await prefetchClosure(catalog, scenario.roots, { concurrency: CONCURRENCY, dependencies: dependencyNames(scenario.extras) });
        const ms = performance.now() - start;
        rows.push(`| ${scenario.label} | ${label} | ${report.projects.length} | ${report.metadataRecords} | ${report.problems.length} | ${server.requests() - before} | ${ms.toFixed(0)} | ${((report.projects.length + report.metadataRecords) / (ms / 1000)).toFixed(0)} |`);
      };
      const options = { indexes: [server.url], cache: store, http: { retries: 2 } };
      // One untimed run without a store: loads fetch (undici) and warms the JIT, in client and server alike.
      await prefetchClosure(createPypiCatalog({ ...options, cache: null }), scenario.roots, { concurrency: CONCURRENCY, dependencies: dependencyNames(scenario.extras) });
      await run("cold: network, store written", createPypiCatalog(options));
      await run("warm: 304s, metadata from store", createPypiCatalog(options));
      await run("offline: store only", createPypiCatalog({ ...options, offline: true }));
    } finally {
      store.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return [
    "## Prefetch (PyPI client + knowledge store)",
    "",
    "Closures in shared snapshots served by a loopback PEP 691 index (one sdist and one PEP 658 metadata file per release);",
    `markers evaluated for CPython 3.8 on Linux; concurrency ${CONCURRENCY}; store on a temporary file (WAL); client and server share one process`,
    "(one untimed warm-up run per closure first). \"cold\" = empty store. Goal: cold under 2 s for about 100 projects.",
    "\"problems\" are required projects the snapshot does not hold (dependencies of extras outside the tf21 graph): not-found outcomes.",
    "",
    "| closure | run | projects | metadata records | problems | HTTP requests | time (ms) | documents/s |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
  ].join("\n");
}
