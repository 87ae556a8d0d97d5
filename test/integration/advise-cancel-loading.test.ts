/**
 * Issue 15 item 4: an advise whose client left releases its slot within a second, even while it
 * loads knowledge (Thoth's prescriptions, cold: many seconds of reading), and health answers while
 * it loads. Needs ../shared's prescriptions archive (skipped with a message otherwise).
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probe, probeMissing } from "../support/grpc-probe.js";
import { repoRoot, sharedData } from "../support/shared-data.js";
import { MaatProcess, maatEnv, testDataRoots } from "./coordinator-process.js";

const prescriptions = sharedData("thoth-prescriptions.tar.gz");
if (prescriptions === null) process.stderr.write("advise-cancel-loading: skipped, ../shared/data/thoth-prescriptions.tar.gz is absent\n");
const missing = probeMissing();
if (missing !== null) throw new Error(`advise-cancel-loading: ${missing}`);

const work = mkdtempSync(join(tmpdir(), "maat-cancel-loading-"));
const graph = join(work, "flask-graph.json");

describe.skipIf(prescriptions === null)("an advise whose client leaves while it loads knowledge", () => {
  let serve: MaatProcess;
  let address: string;

  beforeAll(async () => {
    copyFileSync(join(repoRoot, "examples/flask/flask-graph.json"), graph);
    // A fresh store: the prescriptions cache is cold, so loading reads the whole archive.
    const started = await MaatProcess.start(["serve", "--listen", "127.0.0.1:0", "--max-advises", "1", ...testDataRoots(work)],
      maatEnv({ MAAT_STORE: join(work, "store", "knowledge.sqlite") }), /maat serve: listening on (127\.0\.0\.1:\d+) \(standalone\)\n/);
    serve = started.process;
    address = started.match[1];
  }, 30_000);

  afterAll(async () => {
    await serve?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("frees its slot within a second of the client's deadline, and health answers meanwhile", async () => {
    const loading = probe(address, "maat.v1.Adviser/Advise", {
      request: { requirements: ["flask"], index: graph, python: "3.8", prescriptions_path: prescriptions, budget: 100 }, timeout: 2,
    });
    await new Promise((r) => setTimeout(r, 700));
    const health = await probe(address, "grpc.health.v1.Health/Check", { request: { service: "maat.v1.Adviser" }, timeout: 5 });
    expect(health.messages).toEqual([{ status: "SERVING" }]);
    expect((await loading).status).toBe("DEADLINE_EXCEEDED");
    // The one slot (--max-advises 1) is free again within a second: a new advise runs.
    await new Promise((r) => setTimeout(r, 1_000));
    const next = await probe(address, "maat.v1.Adviser/Advise", { request: { requirements: ["flask"], index: graph, python: "3.8", budget: 100 }, timeout: 60 });
    expect(`${next.status} ${next.details}`).toBe("OK ");
  }, 120_000);
});
