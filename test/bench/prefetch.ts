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
const ROOTS = ["chalice"];

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const env = environmentFor({ python: "3.8", platform: "linux" });
function dependencies(_name: string, _version: string, metadata: CandidateMetadata): string[] {
  const out: string[] = [];
  for (const text of metadata.requiresDist) {
    const r = parseRequirement(text);
    if (!r.ok) continue;
    if (r.value.marker !== null && !evaluateMarker(r.value.marker, env, "")) continue;
    out.push(normalizeName(r.value.name));
  }
  return out;
}

export async function bench(): Promise<string> {
  const snapshot = resolve(repoRoot(), "../shared/data/pypi-2020/index/pypi-2020-02-13-chalice.json");
  if (!existsSync(snapshot)) return `## Prefetch (PyPI client)\n\nskipped: ${snapshot} is absent (../shared not present).`;
  const server = await serveCatalogAsIndex(loadGraphFile(snapshot));
  const dir = mkdtempSync(join(tmpdir(), "maat-bench-prefetch-"));
  const { store } = openKnowledgeStore(join(dir, "knowledge.sqlite"));
  const rows: string[] = [];
  try {
    const run = async (label: string, catalog: PypiCatalog) => {
      const before = server.requests();
      const start = performance.now();
      const report = await prefetchClosure(catalog, ROOTS, { concurrency: CONCURRENCY, dependencies });
      const ms = performance.now() - start;
      rows.push(`| ${label} | ${report.projects.length} | ${report.metadataRecords} | ${report.problems.length} | ${server.requests() - before} | ${ms.toFixed(0)} | ${((report.projects.length + report.metadataRecords) / (ms / 1000)).toFixed(0)} |`);
    };
    const options = { indexes: [server.url], cache: store, http: { retries: 2 } };
    await run("cold (network, store written)", createPypiCatalog(options));
    await run("warm (304 revalidation, metadata from store)", createPypiCatalog(options));
    await run("offline (store only)", createPypiCatalog({ ...options, offline: true }));
  } finally {
    store.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    "## Prefetch (PyPI client + knowledge store)",
    "",
    `Closure of ${ROOTS.join(", ")} in resolvelib's 2020-02-13 chalice snapshot, served by a loopback PEP 691 index (PEP 658 metadata files);`,
    `markers evaluated for CPython 3.8 on Linux; concurrency ${CONCURRENCY}; store on a temporary file (WAL). Goal: cold under 2 s.`,
    "",
    "| run | projects | metadata records | problems | HTTP requests | time (ms) | documents/s |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
  ].join("\n");
}
