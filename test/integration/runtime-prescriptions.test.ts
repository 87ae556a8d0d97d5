/**
 * Prescriptions whose `runtime_environments` match on CUDA or the operating system fire when the
 * runtime environment says so, and change the advice: from flags, from Thoth's .thoth.yaml
 * (`--runtime-environment NAME`), through `maat advise --server` and over gRPC (AdviseRequest's
 * runtime environment fields). A real `maat serve` (standalone) on loopback; needs only examples/.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdviserClient } from "../../adapters/grpc/index.js";
import { repoRoot } from "../support/shared-data.js";
import { tempDir } from "../support/temp-dir.js";
import { MaatProcess, maat, maatEnv, testDataRoots, timingsBlanked } from "./coordinator-process.js";

const graph = join(repoRoot, "examples/flask/flask-graph.json");
const work = tempDir("maat-runtime-prescriptions-");
const env = maatEnv({ MAAT_STORE: join(work, "store", "knowledge.sqlite") });
const prescriptions = join(work, "prescriptions");
mkdirSync(prescriptions, { recursive: true });
// A sieve for CUDA >= 11 (werkzeug >= 2.3 removed) and a step for RHEL 8 (flask >= 2.2 penalised).
writeFileSync(join(prescriptions, "runtime.yaml"), `units:
  sieves:
  - name: WerkzeugOnCudaSieve
    type: sieve
    should_include:
      adviser_pipeline: true
      runtime_environments:
        cuda_version: ">=11"
    match:
      package_version:
        name: werkzeug
        version: ">=2.3"
    run:
      log:
        type: WARNING
        message: werkzeug>=2.3 breaks on CUDA 11
  steps:
  - name: FlaskOnRhel8Step
    type: step
    should_include:
      adviser_pipeline: true
      runtime_environments:
        operating_systems:
        - name: rhel
          version: "8"
    match:
      package_version:
        name: flask
        version: ">=2.2"
    run:
      score: -1.0
      justification:
      - type: WARNING
        message: flask>=2.2 is slow on RHEL 8
        link: https://example.org/flask-rhel8
`);
writeFileSync(join(work, ".thoth.yaml"), [
  "runtime_environments:",
  "  - name: rhel8", "    operating_system: {name: rhel, version: '8'}", "    python_version: '3.8'",
  "  - name: gpu", "    cuda_version: '11.8'", "    hardware: {gpu_model: NVIDIA A100}", "    python_version: '3.8'", "",
].join("\n"));

const request = ["--index", graph, "--python", "3.8", "--budget", "300", "--seed", "1", "--prescriptions", prescriptions, "--format", "json", "flask<2.3"];

interface Report {
  readonly products: { readonly packages: Record<string, string> }[];
  readonly knowledge: { readonly prescriptions: { readonly units: number; readonly included: number } };
}
const major = (v: string) => v.split(".").slice(0, 2).join(".");

describe("prescriptions matching the runtime environment", () => {
  let serve: MaatProcess;
  let address: string;
  let client: AdviserClient;
  beforeAll(async () => {
    const started = await MaatProcess.start(["serve", "--listen", "127.0.0.1:0", ...testDataRoots(work)], env, /maat serve: listening on (127\.0\.0\.1:\d+) \(standalone\)\n/);
    serve = started.process;
    address = started.match[1]!;
    client = new AdviserClient(address);
  }, 30_000);
  afterAll(async () => {
    client?.close();
    await serve?.stop();
  });

  it("change the advice under CUDA and under RHEL 8, from flags and from .thoth.yaml; not under another OS", async () => {
    const [plain, cuda, rhel8, rhel9, gpuEnv, rhelEnv] = await Promise.all([
      maat(["advise", ...request], env),
      maat(["advise", ...request, "--cuda-version", "11.8"], env),
      maat(["advise", ...request, "--os-name", "rhel", "--os-version", "8"], env),
      maat(["advise", ...request, "--os-name", "rhel", "--os-version", "9"], env),
      maat(["advise", ...request, "--thoth-config", join(work, ".thoth.yaml"), "--runtime-environment", "gpu"], env),
      maat(["advise", ...request, "--thoth-config", join(work, ".thoth.yaml"), "--runtime-environment", "rhel8"], env),
    ]);
    for (const r of [plain, cuda, rhel8, rhel9, gpuEnv, rhelEnv]) expect(r.code, r.stderr).toBe(0);
    const [p, c, r8, r9, g, re] = [plain, cuda, rhel8, rhel9, gpuEnv, rhelEnv].map((r) => JSON.parse(r.stdout) as Report);
    // without a runtime environment neither unit applies, and the best stacks use werkzeug 2.3 and flask 2.2
    expect(p!.knowledge.prescriptions).toMatchObject({ units: 2, included: 0 });
    expect(major(p!.products[0]!.packages.werkzeug!)).toBe("2.3");
    expect(major(p!.products[0]!.packages.flask!)).toBe("2.2");
    // CUDA 11.8: the sieve fires, no stack keeps werkzeug >= 2.3
    expect(c!.knowledge.prescriptions).toMatchObject({ included: 1 });
    for (const s of c!.products) expect(Number(major(s.packages.werkzeug!))).toBeLessThan(2.3);
    expect(cuda.stdout).not.toBe(plain.stdout);
    // RHEL 8: the step fires, the penalty moves the best stack to flask < 2.2
    expect(r8!.knowledge.prescriptions).toMatchObject({ included: 1 });
    expect(Number(major(r8!.products[0]!.packages.flask!))).toBeLessThan(2.2);
    // RHEL 9 matches neither: the same advice as no environment
    expect(r9!.knowledge.prescriptions).toMatchObject({ included: 0 });
    expect(r9!.products).toEqual(p!.products);
    // .thoth.yaml's runtime environments give what the flags give
    expect(g!.products).toEqual(c!.products);
    expect(re!.products).toEqual(r8!.products);
  }, 240_000);

  it("fire the same through maat advise --server and over gRPC", async () => {
    const args = [...request, "--cuda-version", "11.8", "--os-name", "rhel", "--os-version", "8"];
    const [embedded, remote] = await Promise.all([maat(["advise", ...args], env), maat(["advise", "--server", address, ...args], env)]);
    for (const r of [embedded, remote]) expect(r.code, r.stderr).toBe(0);
    expect(timingsBlanked(remote.stdout)).toBe(timingsBlanked(embedded.stdout));
    const both = JSON.parse(embedded.stdout) as Report;
    expect(both.knowledge.prescriptions).toMatchObject({ included: 2 });
    const final = await client.advise({
      requirements: ["flask<2.3"], index: graph, python: "3.8", budget: "300", seed: "1", prescriptions_path: prescriptions,
      cuda_version: "11.8", os_name: "rhel", os_version: "8",
    }, 120_000);
    if (!final.ok) throw new Error(final.error.message);
    expect(`${timingsBlanked(final.value.report_json)}\n`).toBe(timingsBlanked(embedded.stdout));
  }, 240_000);
});
