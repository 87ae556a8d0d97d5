/**
 * The gRPC API over a real loopback socket: health SERVING, reflection lists maat.v1.Adviser, a
 * server-streaming advise with progress then a final event, INVALID_ARGUMENT naming the field,
 * RESOURCE_EXHAUSTED for an oversize request, NOT_FOUND through the error mapping, a client
 * deadline honoured (and the handler told).
 */
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdviserClient, AdviserServer, loadProtos, type AdviseProgress, type AdviserHandlers } from "../../adapters/grpc/index.js";
import { invalidArgument } from "../../core/failure/index.js";

const MAX_REQUEST = 64 * 1024;
let abortedBySignal = 0;

const handlers: AdviserHandlers = {
  async advise({ input: request }, stream) {
    // The service validates what the wire does not (core's validateAdviseRequest); this one checks the predictor its own way.
    if (request.predictor !== undefined && !handlers.listPredictors().some((p) => p.name === request.predictor)) {
      return { ok: false, error: invalidArgument(`unknown predictor ${JSON.stringify(request.predictor)}; known: mcts, td`, "predictor") };
    }
    if (request.requirements[0] === "slow") {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 10_000);
        stream.signal.addEventListener("abort", () => { clearTimeout(t); abortedBySignal++; resolve(); });
      });
      return { ok: false, error: { code: "cancelled", message: "client went away" } };
    }
    for (let i = 1; i <= 3; i++) {
      await new Promise((r) => setTimeout(r, 5));
      stream.progress({ advise_id: "a1", stacks_scored: i * 100, dead_ends: i, best_score: i / 10, has_best_score: true, stacks_per_second: 1000, elapsed_seconds: i * 0.1 });
    }
    // The weights as the handler received them (a proto map), when the request had some.
    const weights = request.weights !== undefined && request.weights.length > 0 ? { weights: request.weights } : {};
    const report = { products: [{ score: 0.3, packages: request.requirements }], seed: String(request.seed), ...weights };
    return { ok: true, value: { advise_id: "a1", report_json: JSON.stringify(report), stacks_scored: 300, best_score: 0.3, has_best_score: true, elapsed_seconds: 0.3, products: 1, gap: 0, has_gap: false, warnings: [] } };
  },
  async getAdvise(id) {
    return id === "a1" ? { ok: true, value: { advise_id: id, state: "done" } } : { ok: false, error: { code: "not-found", message: `no advise ${id}` } };
  },
  async cancelAdvise(id) {
    return { ok: true, value: { cancelled: id === "a1" } };
  },
  listPredictors: () => [{ name: "mcts", description: "Monte Carlo tree search" }, { name: "td", description: "TD(lambda)" }],
};

describe("gRPC Adviser server and client (loopback)", () => {
  let server: AdviserServer;
  let client: AdviserClient;

  beforeAll(async () => {
    server = new AdviserServer(handlers, { host: "127.0.0.1", port: 0, maxRequestBytes: MAX_REQUEST });
    await server.start();
    client = new AdviserClient(server.address);
  });

  afterAll(async () => {
    client?.close();
    await server?.stop(1_000);
  });

  it("answers health checks SERVING for the server and the Adviser, NOT_FOUND for an unknown service", async () => {
    const health = new (loadProtos().health)(server.address, grpc.credentials.createInsecure());
    const check = (service: string) => new Promise<{ err: grpc.ServiceError | null; status?: string }>((resolve) => {
      (health as unknown as { Check(r: unknown, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, v?: { status: string }) => void): void })
        .Check({ service }, { deadline: Date.now() + 2_000 }, (err, v) => resolve({ err, status: v?.status }));
    });
    expect((await check("")).status).toBe("SERVING");
    expect((await check("maat.v1.Adviser")).status).toBe("SERVING");
    expect((await check("nope")).err?.code).toBe(grpc.status.NOT_FOUND);
    health.close();
  });

  it("reflection lists the Adviser service and serves its file descriptor", async () => {
    const reflection = new (loadProtos().reflectionV1alpha)(server.address, grpc.credentials.createInsecure());
    const call = (reflection as unknown as { ServerReflectionInfo(o: grpc.CallOptions): grpc.ClientDuplexStream<unknown, Record<string, unknown>> })
      .ServerReflectionInfo({ deadline: Date.now() + 3_000 });
    const responses: Record<string, unknown>[] = [];
    const done = new Promise<void>((resolve, reject) => {
      call.on("data", (r) => { responses.push(r); if (responses.length === 3) call.end(); });
      call.on("end", resolve);
      call.on("error", reject);
    });
    call.write({ list_services: "*" });
    call.write({ file_containing_symbol: "maat.v1.Adviser" });
    call.write({ file_containing_symbol: "maat.v1.Nothing" });
    await done;
    reflection.close();
    const names = (responses[0].list_services_response as { service: { name: string }[] }).service.map((s) => s.name);
    expect(names).toContain("maat.v1.Adviser");
    expect(names).toContain("grpc.health.v1.Health");
    const files = (responses[1].file_descriptor_response as { file_descriptor_proto: Buffer[] }).file_descriptor_proto;
    expect(files.length).toBeGreaterThan(0);
    // proto-loader names descriptor files per package (maat_v1.proto), not by path.
    expect(Buffer.concat(files).toString("latin1")).toContain("maat_v1.proto");
    expect(Buffer.concat(files).toString("latin1")).toContain("CancelAdvise");
    expect((responses[2].error_response as { error_code: number }).error_code).toBe(grpc.status.NOT_FOUND);
  });

  it("streams progress events then a final event holding the report", async () => {
    const progress: AdviseProgress[] = [];
    const final = await client.advise({ requirements: ["flask>=2"], index: "https://pypi.org/simple", python: "3.8", predictor: "mcts", seed: "18446744073709551615" }, 5_000, (p) => progress.push(p));
    expect(progress.map((p) => Number(p.stacks_scored))).toEqual([100, 200, 300]);
    expect(final.ok).toBe(true);
    if (!final.ok) return;
    expect(final.value.products).toBe(1);
    expect(JSON.parse(final.value.report_json)).toEqual({ products: [{ score: 0.3, packages: ["flask>=2"] }], seed: "18446744073709551615" });
    expect(await client.listPredictors(2_000)).toEqual({ ok: true, value: handlers.listPredictors() });
    expect(await client.cancelAdvise("a1", 2_000)).toEqual({ ok: true, value: { advise_id: "a1", cancelled: true } });
  });

  it("carries the objective's weights (map<string, double>) to the handler, numbers as sent", async () => {
    const final = await client.advise({ requirements: ["flask"], index: "https://pypi.org/simple", weights: { recency: 0, "scores-file": 2.5, "Thoth::Group": 1e-3 } }, 5_000);
    if (!final.ok) throw new Error(final.error.message);
    const weights = (JSON.parse(final.value.report_json) as { weights: { name: string; weight: number }[] }).weights;
    expect([...weights].sort((a, b) => (a.name < b.name ? -1 : 1))).toEqual([
      { name: "Thoth::Group", weight: 1e-3 }, { name: "recency", weight: 0 }, { name: "scores-file", weight: 2.5 },
    ]);
  });

  it("refuses a malformed request with INVALID_ARGUMENT naming the field", async () => {
    const empty = await client.advise({ requirements: ["flask", "  "], index: "x" }, 2_000);
    expect(empty).toMatchObject({ ok: false, error: { code: "invalid-argument", field: "requirements[1]" } });
    const predictor = await client.advise({ requirements: ["flask"], index: "x", predictor: "oracle" }, 2_000);
    expect(predictor).toMatchObject({ ok: false, error: { code: "invalid-argument", field: "predictor" } });
    // The field travels as a trailer and leads the status details; the client gives the message without it.
    expect(!predictor.ok && predictor.error.message).toMatch(/^unknown predictor "oracle"; known: mcts, td/);
    const id = await client.getAdvise("", 2_000);
    expect(id).toMatchObject({ ok: false, error: { code: "invalid-argument", field: "advise_id" } });
  });

  it("refuses a request over the server's maximum message size with RESOURCE_EXHAUSTED", async () => {
    const outcome = await client.advise({ requirements: ["flask"], index: "x", scores_json: JSON.stringify({ pad: "x".repeat(MAX_REQUEST * 2) }) }, 3_000);
    expect(outcome).toMatchObject({ ok: false, error: { code: "resource-exhausted" } });
  });

  it("maps a handler's not-found to NOT_FOUND", async () => {
    expect(await client.getAdvise("zzz", 2_000)).toEqual({ ok: false, error: { code: "not-found", message: "no advise zzz" } });
  });

  it("honours the client deadline: DEADLINE_EXCEEDED in time, and the handler's signal aborts", async () => {
    const t0 = Date.now();
    const outcome = await client.advise({ requirements: ["slow"], index: "x" }, 300);
    const elapsed = Date.now() - t0;
    expect(outcome).toMatchObject({ ok: false, error: { code: "deadline-exceeded" } });
    expect(elapsed).toBeLessThan(1_500);
    const until = Date.now() + 2_000;
    while (abortedBySignal === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(abortedBySignal).toBe(1);
  });
});
