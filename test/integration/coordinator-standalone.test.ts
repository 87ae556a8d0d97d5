/**
 * `maat serve` standalone (no NATS: rollouts on the local pool) as a real process, called with
 * AdviserClient and with `maat advise --server` as a process: the same report as the embedded
 * `maat advise` (timings aside), INVALID_ARGUMENT naming the field, RESOURCE_EXHAUSTED at the
 * advise limit, CancelAdvise ending the stream CANCELLED, GetAdvise, health, progress at most every
 * 250 ms, the request's timeout, and SIGTERM stopping it with exit 0 while an advise runs.
 */
import * as grpc from "@grpc/grpc-js";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdviserClient, loadProtos, wireFieldOf, type AdviseProgress, type AdviseRequestWire } from "../../adapters/grpc/index.js";
import { PREDICTOR_NAMES } from "../../core/advise/index.js";
import { sharedData } from "../support/shared-data.js";
import { MaatProcess, adviseFixture, maat, maatEnv, timingsBlanked, testDataRoots } from "./coordinator-process.js";

const flask = sharedData("pypi-graphs", "flask-graph.json");
const work = mkdtempSync(join(tmpdir(), "maat-coordinator-"));
const env = maatEnv({ MAAT_STORE: join(work, "store", "knowledge.sqlite") });
// The Flask graph when ../shared is there; a small graph file otherwise.
if (flask === null) process.stderr.write("coordinator-standalone: ../shared/data/pypi-graphs/flask-graph.json is absent; using a small graph file\n");
const fixture = adviseFixture(flask, work);
const cliRequest = ["--index", fixture.index, "--python", fixture.python, fixture.requirement];
const wire = (extra: Partial<AdviseRequestWire> = {}): Partial<AdviseRequestWire> => ({
  requirements: [fixture.requirement], index: fixture.index, python: fixture.python, ...extra,
});
/** A search that runs until cancelled or its timeout: mcts (the default, auto, proves this request at once), a budget it does not reach. */
const long = (timeout = 60) => wire({ predictor: "mcts", budget: "1000000000", timeout_seconds: timeout });

const withoutTimings = (json: string) => {
  const r = JSON.parse(json);
  delete r.stats.elapsed_ms;
  delete r.stats.stacks_per_second;
  return r;
};
const withoutLastLine = (text: string) => text.trimEnd().split("\n").slice(0, -1).join("\n");

/** Resolves with the first progress event of a streaming advise (its id), within `ms`. */
function firstProgress(client: AdviserClient, request: Partial<AdviseRequestWire>, ms = 20_000) {
  let resolveFirst: (p: AdviseProgress) => void = () => {};
  const first = new Promise<AdviseProgress>((resolve, reject) => {
    resolveFirst = resolve;
    setTimeout(() => reject(new Error(`no progress within ${ms} ms`)), ms).unref();
  });
  const call = client.advise(request, 120_000, (p) => resolveFirst(p));
  return { call, first };
}

describe("maat serve, standalone", () => {
  let serve: MaatProcess;
  let address: string;
  let metricsUrl: string;
  let client: AdviserClient;

  beforeAll(async () => {
    const started = await MaatProcess.start(["serve", ...testDataRoots(work), "--listen", "127.0.0.1:0", "--max-advises", "2", "--metrics-listen", "127.0.0.1:0"], env,
      /maat serve: listening on (127\.0\.0\.1:\d+) \(standalone\)\n/);
    serve = started.process;
    address = started.match[1];
    const until = Date.now() + 5_000;
    while (!/metrics on (http:\S+)/.test(serve.stderr) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    metricsUrl = /metrics on (http:\S+)/.exec(serve.stderr)?.[1] ?? "";
    client = new AdviserClient(address);
  }, 30_000);

  afterAll(async () => {
    client?.close();
    await serve?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("answers health checks SERVING and lists every predictor", async () => {
    const health = new (loadProtos().health)(address, grpc.credentials.createInsecure());
    const check = (service: string) => new Promise<string | undefined>((resolve, reject) => {
      (health as unknown as { Check(r: unknown, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, v?: { status: string }) => void): void })
        .Check({ service }, { deadline: Date.now() + 5_000 }, (err, v) => (err ? reject(err) : resolve(v?.status)));
    });
    expect(await check("")).toBe("SERVING");
    expect(await check("maat.v1.Adviser")).toBe("SERVING");
    health.close();
    const predictors = await client.listPredictors(5_000);
    expect(predictors.ok && predictors.value.map((p) => p.name)).toEqual([...PREDICTOR_NAMES]);
    expect(predictors.ok && predictors.value.every((p) => p.description.length > 10)).toBe(true);
  });

  it("gives the embedded report: over gRPC and through maat advise --server, JSON and text", async () => {
    const args = [...cliRequest, "--seed", "11", "--budget", "3000", "--count", "3"];
    const [embedded, remote, embeddedText, remoteText] = await Promise.all([
      maat(["advise", ...args, "--format", "json"], env),
      maat(["advise", "--server", address, ...args, "--format", "json"], env),
      maat(["advise", ...args], env),
      maat(["advise", "--server", address, ...args], env),
    ]);
    for (const r of [embedded, remote, embeddedText, remoteText]) expect(r.code, r.stderr).toBe(0);
    expect(withoutTimings(remote.stdout)).toEqual(withoutTimings(embedded.stdout));
    expect(remote.stderr).toBe(embedded.stderr);
    expect(withoutLastLine(remoteText.stdout)).toBe(withoutLastLine(embeddedText.stdout));
    expect(withoutLastLine(remoteText.stdout)).toMatch(/score of #1 by package and unit/);

    const progress: AdviseProgress[] = [];
    const final = await client.advise(wire({ seed: "11", budget: "3000", count: 3 }), 60_000, (p) => progress.push(p));
    if (!final.ok) throw new Error(final.error.message);
    expect(withoutTimings(final.value.report_json)).toEqual(withoutTimings(embedded.stdout));
    expect(`${timingsBlanked(final.value.report_json)}\n`).toBe(timingsBlanked(embedded.stdout));
    expect(timingsBlanked(remote.stdout)).toBe(timingsBlanked(embedded.stdout));
    expect(timingsBlanked(embedded.stdout)).toContain('"elapsed_ms":_,"stacks_per_second":_,');
    expect(Number(final.value.stacks_scored)).toBe(JSON.parse(embedded.stdout).stats.stacks_scored);
    // No predictor in the request: the default, auto, on both paths (here exact proves the optimum).
    expect(JSON.parse(final.value.report_json).stats).toMatchObject({ predictor: "auto", optimal: true, stopped: "proven", learner: null });
    expect(final.value.products).toBe(3);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.advise_id === final.value.advise_id)).toBe(true);

    const status = await client.getAdvise(final.value.advise_id, 5_000);
    expect(status.ok && status.value.state).toBe("done");
    expect(status.ok && status.value.final?.report_json).toBe(final.value.report_json);
  }, 120_000);

  it("weighs the objective the same embedded, through maat advise --server and over gRPC (weights map); an unknown term exits 2 naming the valid ones", async () => {
    const args = [...cliRequest, "--seed", "3", "--budget", "2000", "--count", "2", "--weight", "recency=0.25", "--format", "json"];
    const [embedded, remote] = await Promise.all([maat(["advise", ...args], env), maat(["advise", "--server", address, ...args], env)]);
    for (const r of [embedded, remote]) expect(r.code, r.stderr).toBe(0);
    expect(timingsBlanked(remote.stdout)).toBe(timingsBlanked(embedded.stdout));
    const report = JSON.parse(embedded.stdout);
    expect(report.objective.weights).toEqual({ advisories: 1, prescriptions: 1, recency: 0.25, scores: 1 });
    // Recency is the only term here: a weight of 0.25 scales the proven optimum by it, same stack.
    const exact = ["advise", ...cliRequest, "--predictor", "exact", "--count", "1", "--format", "json"];
    const [weightedBest, unweightedBest] = (await Promise.all([maat([...exact, "--weight", "recency=0.25"], env), maat(exact, env)])).map((r) => JSON.parse(r.stdout));
    expect(unweightedBest.objective.weights.recency).toBe(1);
    expect(weightedBest.products[0].packages).toEqual(unweightedBest.products[0].packages);
    expect(weightedBest.products[0].score).toBeCloseTo(unweightedBest.products[0].score * 0.25, 9);
    const final = await client.advise(wire({ seed: "3", budget: "2000", count: 2, weights: { recency: 0.25 } }), 60_000);
    if (!final.ok) throw new Error(final.error.message);
    expect(`${timingsBlanked(final.value.report_json)}\n`).toBe(timingsBlanked(embedded.stdout));
    const unknown = await Promise.all([
      maat(["advise", ...cliRequest, "--weight", "popularity=1"], env), maat(["advise", "--server", address, ...cliRequest, "--weight", "popularity=1"], env),
    ]);
    for (const r of unknown) {
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('maat: --weight: "popularity" is not a term of the objective; valid names: groups recency, advisories, scores, prescriptions; units recency\n');
    }
    const overGrpc = await client.advise(wire({ weights: { popularity: 1 } }), 30_000);
    expect(overGrpc.ok ? null : overGrpc.error).toMatchObject({ code: "invalid-argument", field: "weights", message: expect.stringMatching(/"popularity" is not a term of the objective; valid names: /) });
  }, 120_000);

  it("refuses bad input with INVALID_ARGUMENT naming the field (PERMISSION_DENIED for a path outside the data roots), and maat advise --server exits 2 (1)", async () => {
    const emptyFolder = join(work, "empty-advisories");
    mkdirSync(emptyFolder, { recursive: true });
    const cases: [Partial<AdviseRequestWire>, string, RegExp][] = [
      [wire({ requirements: [fixture.requirement, "lib>>1"] }), "requirements[1]", /invalid requirement "lib>>1"/],
      [wire({ predictor: "oracle" }), "predictor", /expected auto, mcts, td, .*got "oracle"/],
      [wire({ platform: "solaris" }), "platform", /solaris/],
      [wire({ scores_json: JSON.stringify({ "no-such-project": { "1.0": 1 } }) }), "scores_json", /not in the closure.*no-such-project/],
      [wire({ advisories_path: emptyFolder }), "advisories_path", /empty-advisories: no advisories found: looked for OSV files/],
    ];
    for (const [request, field, message] of cases) {
      const r = await client.advise(request, 30_000);
      // The client names the field as core does; the server named it as the AdviseRequest does.
      expect(r.ok ? null : { ...r.error, field: wireFieldOf(r.error.field ?? "") }, field).toMatchObject({ code: "invalid-argument", field, message: expect.stringMatching(message) });
    }
    // A path that does not exist is refused as one outside the data roots (issue 15: the answer tells nothing about the host's files).
    const refused = /^refused: it is not inside a data root of this coordinator \(--data-root\)/;
    for (const [request, field] of [[wire({ index: join(work, "missing.json") }), "index"], [wire({ advisories_path: join(work, "no-advisories") }), "advisories_path"]] as const) {
      const r = await client.advise(request, 30_000);
      expect(r.ok ? null : { ...r.error, field: wireFieldOf(r.error.field ?? "") }, field).toMatchObject({ code: "permission-denied", field, message: expect.stringMatching(refused) });
    }
    const cli = await maat(["advise", "--server", address, "--index", join(work, "missing.json"), fixture.requirement], env);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/^maat: --index: refused: it is not inside a data root of this coordinator/);
    const unreachable = await maat(["advise", "--server", "127.0.0.1:1", ...cliRequest], env);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^maat: /);
  }, 60_000);

  it("refuses a third advise with RESOURCE_EXHAUSTED; CancelAdvise (or the client leaving) ends an advise CANCELLED", async () => {
    const one = firstProgress(client, long());
    const two = firstProgress(client, long());
    const [p1, p2] = await Promise.all([one.first, two.first]);
    const third = await client.advise(long(), 10_000);
    expect(third.ok ? null : third.error).toMatchObject({ code: "resource-exhausted", message: expect.stringMatching(/at most 2 advises/) });

    await new Promise((r) => setTimeout(r, 1_500));
    const running = await client.getAdvise(p1.advise_id, 5_000);
    expect(running.ok && running.value.state).toBe("running");
    expect(running.ok && Number(running.value.progress?.stacks_scored)).toBeGreaterThan(0);

    expect(await client.cancelAdvise(p1.advise_id, 5_000)).toEqual({ ok: true, value: { advise_id: p1.advise_id, cancelled: true } });
    const ended = await one.call;
    expect(ended.ok ? null : ended.error.code).toBe("cancelled");
    const status = await client.getAdvise(p1.advise_id, 5_000);
    expect(status.ok && status.value).toMatchObject({ state: "cancelled", error_code: "cancelled" });
    expect(await client.cancelAdvise(p1.advise_id, 5_000)).toEqual({ ok: true, value: { advise_id: p1.advise_id, cancelled: false } });

    // The client going away cancels its advise too.
    two.call.cancel();
    const until = Date.now() + 10_000;
    let state = "running";
    while (state === "running" && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
      const s = await client.getAdvise(p2.advise_id, 5_000);
      state = s.ok ? s.value.state : "error";
    }
    expect(state).toBe("cancelled");
    expect((await client.getAdvise("no-such-advise", 5_000)).ok).toBe(false);
  }, 60_000);

  it("streams progress at most every 250 ms and stops at the request's timeout with the best so far", async () => {
    const progress: AdviseProgress[] = [];
    const r = await client.advise(long(2), 60_000, (p) => progress.push(p));
    if (!r.ok) throw new Error(r.error.message);
    const report = JSON.parse(r.value.report_json);
    expect(report.stats.stopped).toBe("timeout");
    expect(report.products.length).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(3);
    for (let i = 1; i < progress.length; i++) expect(progress[i].elapsed_seconds - progress[i - 1].elapsed_seconds).toBeGreaterThanOrEqual(0.249);
  }, 60_000);

  it("counts advises, stacks and batches in its Prometheus metrics", async () => {
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const res = await fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) });
    expect(res.status).toBe(200);
    const text = await res.text();
    const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, "\\$&")} (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
    expect(value('maat_advises_total{outcome="done",role="coordinator"}')).toBeGreaterThanOrEqual(2);
    expect(value('maat_advises_total{outcome="cancelled",role="coordinator"}')).toBeGreaterThanOrEqual(2);
    expect(value('maat_stacks_scored_total{role="coordinator"}')).toBeGreaterThan(3000);
    expect(value('maat_batch_duration_seconds_count{role="coordinator"}')).toBeGreaterThan(10);
    expect(value('maat_batches_in_flight{role="coordinator"}')).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(/^maat_process_cpu_seconds_total/m);
  }, 20_000);

  it("stops on SIGTERM with exit 0, cancelling the running advise", async () => {
    const running = firstProgress(client, long());
    await running.first;
    expect(await serve.stop(15_000)).toBe(0);
    const ended = await running.call;
    expect(ended.ok).toBe(false);
    expect(serve.stderr).toMatch(/SIGTERM, stopping \(1 advises running\)/);
  }, 30_000);
});
