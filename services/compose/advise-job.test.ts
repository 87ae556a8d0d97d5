import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateAdviseRequest, type AdviseRequest, type AdviseRequestInput } from "../../core/advise/index.js";
import { createInProcessRunner, RunnerFailure } from "../../core/rollout/index.js";
import { runAdviseJob, type AdviseJobEnvironment, type JobProgress } from "./advise-job.js";
import { tempDir } from "../../test/support/temp-dir.js";

const dir = tempDir("maat-advise-job-");
const graphFile = join(dir, "graph.json");
writeFileSync(graphFile, JSON.stringify({
  app: { "1.0": { dependencies: ["lib>=1"] }, "2.0": { dependencies: ["lib>=2", "extra"] } },
  lib: { "1.0": { dependencies: [] }, "2.0": { dependencies: [] }, "3.0": { dependencies: ["extra<2"] } },
  extra: { "1.0": { dependencies: [] }, "2.0": { dependencies: [] } },
}));

const input: AdviseRequestInput = {
  requirements: ["app"], constraints: [], indexes: [graphFile], python: "3.11", platform: "linux",
  recommendation: "latest", predictor: "mcts", budget: 40, count: 3, seed: 5,
};
/** The validated request of `input` with `change`, run with a batch size of 8. */
function requestOf(change: Partial<AdviseRequestInput> = {}, timeoutMs: number | null = null): AdviseRequest {
  const r = validateAdviseRequest({ ...input, ...change }, { batchSize: 8, timeoutMs });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}
const job = requestOf();

function environment(overrides: Partial<AdviseJobEnvironment> = {}): AdviseJobEnvironment & { readonly opened: number[]; readonly closed: number[] } {
  const opened: number[] = [];
  const closed: number[] = [];
  return {
    storePath: join(dir, "store", "knowledge.sqlite"),
    now: () => performance.now(),
    openRunner: async (graph) => {
      opened.push(graph.packageCount);
      return { ok: true, value: { ...createInProcessRunner(graph), close: () => { closed.push(graph.packageCount); } } };
    },
    opened, closed, ...overrides,
  };
}

const withoutTimings = (r: { stats: object }) => ({ ...r, stats: { ...r.stats, elapsed_ms: 0, stacks_per_second: 0 } });

describe("runAdviseJob", () => {
  it("advises the top stacks, the same for the same seed, on the runner it opens and closes", async () => {
    const env = environment();
    const progress: JobProgress[] = [];
    const one = await runAdviseJob(job, { ...env, onProgress: (p) => progress.push(p) });
    const two = await runAdviseJob(job, environment());
    if (!one.ok || !two.ok) throw new Error(JSON.stringify([one, two]));
    expect(one.value.explanation).toBeNull();
    expect(one.value.report.products.length).toBeGreaterThan(1);
    const exact = await runAdviseJob(requestOf({ predictor: "exact" }), environment());
    expect(one.value.report.products[0].score).toBe(exact.ok && exact.value.report.products[0].score);
    expect(one.value.report.products[0].packages.app).toBe("2.0");
    expect(one.value.report.stats).toMatchObject({ predictor: "mcts", stopped: expect.stringMatching(/budget|exhausted/) });
    expect(withoutTimings(one.value.report)).toEqual(withoutTimings(two.value.report));
    expect(env.opened).toHaveLength(1);
    expect(env.closed).toEqual(env.opened);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.stacks).toBe(one.value.report.stats.stacks_scored);
  });

  it("explains a request no stack satisfies, without opening a runner", async () => {
    const env = environment();
    const r = await runAdviseJob(requestOf({ requirements: ["app==2.0"], constraints: ["lib<2"] }), env);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.report.products).toEqual([]);
    expect(r.value.explanation).toMatch(/lib/);
    expect(env.opened).toEqual([]);
  });

  it("proves the optimum with exact, without a runner", async () => {
    const env = environment();
    const r = await runAdviseJob(requestOf({ predictor: "exact" }), env);
    expect(r.ok && r.value.report.stats).toMatchObject({ optimal: true, gap: 0 });
    expect(env.opened).toEqual([]);
  });

  it("names the field of bad input, whether validation or the job refuses it", async () => {
    const cases: [Partial<AdviseRequestInput>, string | undefined, RegExp][] = [
      [{ requirements: ["app", "lib>>1"] }, "requirements[1]", /invalid requirement "lib>>1"/],
      [{ constraints: ["extra=<1"] }, "constraints[0]", /invalid constraint/],
      [{ indexes: [join(dir, "missing.json")] }, "indexes", /missing\.json: cannot read/],
      [{ indexes: [] }, "indexes", /give a snapshot path or an index URL/],
      [{ indexes: [graphFile, "https://pypi.org/simple"] }, "indexes", /not both/],
      [{ python: "three" }, "python", /"three"/],
      [{ platform: "solaris" }, "platform", /"solaris"/],
      [{ scores: { table: new Map([["nothere", new Map([["1.0", 1]])]]), source: "my-scores.json" } }, "scores", /my-scores\.json names packages .*nothere/],
      [{ advisoriesPath: join(dir, "no-advisories") }, "advisoriesPath", /no-advisories: no such folder/],
      [{ prescriptionsPath: join(dir, "no-prescriptions") }, "prescriptionsPath", /no-prescriptions: no such file or folder/],
    ];
    for (const [change, field, message] of cases) {
      const validated = validateAdviseRequest({ ...input, ...change });
      const r = validated.ok ? await runAdviseJob(validated.value, environment()) : validated;
      expect(r.ok ? null : r.error, JSON.stringify(change)).toMatchObject({ code: "invalid-argument", field, message: expect.stringMatching(message) });
    }
  });

  it("says which knowledge it used: advisories from a database clone (count, newest modified), prescriptions, scores", async () => {
    const clone = join(dir, "advisory-database");
    mkdirSync(join(clone, "vulns", "lib"), { recursive: true });
    writeFileSync(join(clone, "vulns", "lib", "TEST-1.yaml"), "id: TEST-1\nmodified: '2024-02-03T04:05:06Z'\naffected:\n- package: {name: lib, ecosystem: PyPI}\n  versions: ['2.0']\n");
    const prescriptions = join(dir, "prescriptions");
    mkdirSync(prescriptions, { recursive: true });
    writeFileSync(join(prescriptions, "lib.yaml"), "units:\n  wraps:\n  - name: LibWrap\n    type: wrap\n    should_include:\n      adviser_pipeline: true\n    match:\n      state:\n        resolved_dependencies:\n        - name: lib\n    run:\n      justification:\n      - type: INFO\n        message: lib is here\n        link: https://example.org/lib\n");
    const scores = { table: new Map([["lib", new Map([["1.0", 0.5], ["2.0", 0.25]])]]), source: "my-scores.json" };
    const r = await runAdviseJob({ ...job, recommendation: "security", advisoriesPath: clone, prescriptionsPath: prescriptions, scores }, environment());
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.knowledge).toEqual({
      advisories: { source: join(clone, "vulns"), count: 1, projects: 1, newest_modified: "2024-02-03T04:05:06Z" },
      prescriptions: { source: prescriptions, files: 1, units: 1, included: 1 },
      scores: { source: "my-scores.json", projects: 1, versions: 2 },
    });
    expect(r.value.report.products.every((p) => p.packages.lib !== "2.0")).toBe(true);
    const none = await runAdviseJob(job, environment());
    expect(none.ok && none.value.knowledge).toEqual({ advisories: null, prescriptions: null, scores: null });
  });

  it("refuses knowledge that yields nothing, naming the path and what was looked for", async () => {
    const emptyAdvisories = join(dir, "empty-advisories");
    mkdirSync(join(emptyAdvisories, "lib"), { recursive: true });
    const emptyPrescriptions = join(dir, "empty-prescriptions");
    mkdirSync(emptyPrescriptions, { recursive: true });
    const invalidPrescriptions = join(dir, "invalid-prescriptions");
    mkdirSync(invalidPrescriptions, { recursive: true });
    writeFileSync(join(invalidPrescriptions, "x.yaml"), "units:\n  steps:\n  - name: Bad\n    type: step\n    run:\n      score: high\n");
    const cases: [Partial<AdviseRequest>, string, RegExp][] = [
      [{ advisoriesPath: emptyAdvisories }, "advisoriesPath", /empty-advisories: no advisories found: looked for OSV files .* in <dir>\/<project>\//],
      [{ prescriptionsPath: emptyPrescriptions }, "prescriptionsPath", /empty-prescriptions: no prescriptions found: looked for YAML files/],
      [{ prescriptionsPath: invalidPrescriptions }, "prescriptionsPath", /invalid-prescriptions: no valid prescription unit in 1 YAML files \(1 units declared\); first issue: /],
    ];
    for (const [change, field, message] of cases) {
      const r = await runAdviseJob({ ...job, ...change }, environment());
      expect(r.ok ? null : r.error, JSON.stringify(change)).toMatchObject({ code: "invalid-argument", field, message: expect.stringMatching(message) });
    }
  });

  it("ends at the deadline with the best so far", async () => {
    let t = 0;
    const r = await runAdviseJob(requestOf({ budget: 1_000_000 }, 5_000), environment({ now: () => (t += 1_000) }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.report.stats.stopped).toBe("timeout");
    expect(r.value.report.products.length).toBeGreaterThan(0);
  });

  it("counts the timeout from the job's start: what the plan and opening the runner took is not given again to the search", async () => {
    let t = 0;
    const base = environment({ now: () => ++t });
    // Opening the runner "takes" 6 s of a 5 s timeout: the search starts past the deadline and stops after its first batch.
    const late = await runAdviseJob(requestOf({ budget: 1_000_000 }, 5_000), { ...base, openRunner: async (graph) => { t += 6_000; return base.openRunner(graph, { deadline: null }); } });
    if (!late.ok) throw new Error(late.error.message);
    expect(late.value.report.stats.stopped).toBe("timeout");
    expect(late.value.report.stats.stacks_scored).toBeLessThanOrEqual(8);
    expect(late.value.report.products.length).toBeGreaterThan(0);
  });

  it("passes a runner's failure on as data and still closes the runner", async () => {
    const closed: string[] = [];
    const r = await runAdviseJob(job, environment({
      openRunner: async () => ({ ok: true, value: { run: () => Promise.reject(new RunnerFailure("unavailable", "NATS is gone")), close: () => { closed.push("x"); } } }),
    }));
    expect(r).toEqual({ ok: false, error: { code: "unavailable", message: "NATS is gone" } });
    expect(closed).toEqual(["x"]);
    const refused = await runAdviseJob(job, environment({ openRunner: async () => ({ ok: false, error: { code: "unavailable", message: "no graph store" } }) }));
    expect(refused).toEqual({ ok: false, error: { code: "unavailable", message: "no graph store" } });
  });

  it("is cancelled by its signal, before or during the search", async () => {
    const before = new AbortController();
    before.abort("stop now");
    expect(await runAdviseJob(job, environment({ signal: before.signal }))).toEqual({ ok: false, error: { code: "cancelled", message: "stop now" } });

    const during = new AbortController();
    const stalled = await runAdviseJob(requestOf({ budget: 1_000_000 }), environment({
      signal: during.signal,
      onProgress: (p) => { if (p.stacks >= 16) during.abort("cancelled by CancelAdvise"); },
    }));
    expect(stalled).toEqual({ ok: false, error: { code: "cancelled", message: "cancelled by CancelAdvise" } });
  });
});
