/**
 * The whole chain on real HTTP: `maat mirror serve` (in process) on the chalice snapshot, the PyPI
 * client with the SQLite knowledge store, the compiler and the resolver. The answer equals the one
 * from the snapshot file itself; then the same request offline, from the store alone, equals it too;
 * and the `maat resolve --index URL` command prints it.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { environmentFor } from "../../core/pep508/index.js";
import { resolveRequest } from "../../core/resolution/index.js";
import { MirrorServer } from "../../adapters/mirror/index.js";
import { loadGraphFile } from "../../adapters/snapshot/index.js";
import { openCatalog } from "../../services/cli/catalog-source.js";
import { repoRoot, SHARED_MISSING, sharedData } from "../support/shared-data.js";

const index = sharedData("pypi-2020", "index", "pypi-2020-02-13-chalice.json");
const environment = environmentFor({ python: "3.8", platform: "linux" });
const request = { requirements: ["chalice"], environment };

describe.skipIf(index === null)("resolve through a real index", () => {
  let server: MirrorServer;
  let url: string;
  let tmp: string;
  beforeAll(async () => {
    const snapshot = loadGraphFile(index!);
    server = new MirrorServer({ catalog: snapshot, projects: () => snapshot.projects(), displayName: (n) => snapshot.displayName(n) }, { port: 0 });
    url = await server.start();
    tmp = mkdtempSync(join(tmpdir(), "maat-chain-"));
  });
  afterAll(async () => {
    await server?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("gives the snapshot's answer online, then offline from the store", async () => {
    const expected = await resolveRequest(loadGraphFile(index!), request, { now: () => 0 });
    expect(expected.ok && expected.value.resolution.satisfiable).toBe(true);
    const storePath = join(tmp, "store.sqlite");
    const online = await openCatalog({ indexes: [url], offline: false, storePath });
    const fromIndex = await resolveRequest(online.catalog, request, { now: () => 0 });
    online.close();
    const offline = await openCatalog({ indexes: [url], offline: true, storePath });
    const fromStore = await resolveRequest(offline.catalog, request, { now: () => 0 });
    offline.close();
    if (!expected.ok || !fromIndex.ok || !fromStore.ok) throw new Error("a resolution failed");
    expect(fromIndex.value.graph.hash).toBe(expected.value.graph.hash);
    expect(fromIndex.value.resolution).toMatchObject({ satisfiable: true, packages: (expected.value.resolution as { packages: object }).packages });
    expect(fromStore.value.graph.hash).toBe(expected.value.graph.hash);
  });

  it("answers `maat resolve --index URL` on the command line, and names an unreachable index", async () => {
    const run = promisify(execFile);
    const env = { ...process.env, MAAT_STORE: join(tmp, "cli.sqlite") };
    const { stdout } = await run(process.execPath, [join(repoRoot, "bin/maat"), "resolve", "--python", "3.8", "--index", url, "--format", "json", "chalice"], { env, timeout: 60_000 });
    expect(JSON.parse(stdout)).toMatchObject({ satisfiable: true, packages: { chalice: "1.12.0", botocore: "1.14.15" } });
    const failed = await run(process.execPath, [join(repoRoot, "bin/maat"), "resolve", "--index", "http://127.0.0.1:9/simple", "chalice"], { env, timeout: 60_000 }).catch((e) => e);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/127\.0\.0\.1:9/);
  });
});

if (index === null) console.log(SHARED_MISSING);
