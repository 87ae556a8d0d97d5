/**
 * Peer test: the PyPI client (adapters/pypi) reading the mirror (adapters/mirror, `maat mirror
 * serve`) that serves the 2020 chalice snapshot must see, for every project, the versions and
 * the requirements the snapshot catalog (adapters/snapshot) holds. Versions are compared in
 * PEP 440 canonical form (the mirror publishes canonical filenames).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CatalogOutcome } from "../../core/catalog/index.js";
import { canonicalVersion, MirrorServer } from "../../adapters/mirror/index.js";
import { createPypiCatalog, prefetchClosure, type PypiCatalog } from "../../adapters/pypi/index.js";
import { loadGraphFile, type SnapshotCatalog } from "../../adapters/snapshot/index.js";
import { openKnowledgeStore, type KnowledgeStore } from "../../adapters/store/index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const snapshotPath = resolve(root, "../shared/data/pypi-2020/index/pypi-2020-02-13-chalice.json");
const present = existsSync(snapshotPath);
if (!present) console.warn(`client-mirror peer test skipped: ${snapshotPath} is absent (no ../shared next to the repository)`);

const canonical = (v: string) => canonicalVersion(v) ?? v;

describe.skipIf(!present)("PyPI client against the mirror (chalice 2020 snapshot)", () => {
  let snapshot: SnapshotCatalog;
  let mirror: MirrorServer;
  let url: string;
  let dir: string;
  let store: KnowledgeStore;

  beforeAll(async () => {
    snapshot = loadGraphFile(snapshotPath);
    mirror = new MirrorServer({ catalog: snapshot, projects: () => snapshot.projects(), displayName: (n) => snapshot.displayName(n) }, { warn: () => undefined });
    url = await mirror.start();
    dir = mkdtempSync(join(tmpdir(), "maat-client-mirror-"));
    store = openKnowledgeStore(join(dir, "knowledge.sqlite")).store;
  });

  afterAll(async () => {
    store?.close();
    await mirror?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function compareAll(client: PypiCatalog): Promise<{ projects: number; versions: number; differences: string[] }> {
    const differences: string[] = [];
    let versions = 0;
    await prefetchClosure(client, snapshot.projects(), { concurrency: 16, dependencies: () => [] });
    for (const name of snapshot.projects()) {
      const expected = snapshot.versionsSync(name);
      const actual = await client.versions(name);
      if (expected.kind !== "found" || actual.kind !== "found") {
        differences.push(`${name}: snapshot ${expected.kind}, client ${actual.kind}${actual.kind === "offline" || actual.kind === "invalid-metadata" ? ` (${actual.reason})` : ""}`);
        continue;
      }
      const want = new Map(expected.value.map((v) => [canonical(v.version), v.version]));
      const got = new Map(actual.value.map((v) => [canonical(v.version), v.version]));
      const missing = [...want.keys()].filter((v) => !got.has(v));
      const extra = [...got.keys()].filter((v) => !want.has(v));
      if (missing.length > 0 || extra.length > 0) differences.push(`${name}: versions missing ${missing.join(",")} extra ${extra.join(",")}`);
      for (const [key, published] of want) {
        const servedAs = got.get(key);
        if (servedAs === undefined) continue;
        versions++;
        const a = snapshot.metadataSync(name, published);
        const b: CatalogOutcome<unknown> & { value?: { requiresDist: readonly string[]; requiresPython: string | null } } = await client.metadata(name, servedAs);
        if (a.kind !== b.kind) {
          differences.push(`${name} ${published}: snapshot ${a.kind}, client ${b.kind}${"reason" in b ? ` (${String(b.reason)})` : ""}`);
        } else if (a.kind === "found" && b.value !== undefined) {
          if (JSON.stringify([...a.value.requiresDist].sort()) !== JSON.stringify([...b.value.requiresDist].sort())) {
            differences.push(`${name} ${published}: requires ${JSON.stringify(a.value.requiresDist)} vs ${JSON.stringify(b.value.requiresDist)}`);
          }
          if (a.value.requiresPython !== b.value.requiresPython) differences.push(`${name} ${published}: requires-python ${a.value.requiresPython} vs ${b.value.requiresPython}`);
        }
      }
    }
    return { projects: snapshot.projects().length, versions, differences };
  }

  it("reads every project's versions and requirements as the snapshot holds them", async () => {
    const client = createPypiCatalog({ indexes: [url], cache: store, http: { retries: 1 } });
    const result = await compareAll(client);
    expect(result.differences.slice(0, 20)).toEqual([]);
    expect(result.projects).toBe(255);
    expect(result.versions).toBeGreaterThan(4000);
  });

  it("answers the same from the knowledge store when offline", async () => {
    const client = createPypiCatalog({ indexes: [url], cache: store, offline: true });
    const result = await compareAll(client);
    expect(result.differences.slice(0, 20)).toEqual([]);
  });
});
