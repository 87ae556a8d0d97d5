/**
 * The default predictor, `auto`, through the advise job (the path of `maat advise` and of a
 * coordinator): the proven optimum when branch and bound proves it within its share, else the
 * learner seeded with exact's best stacks, with exact's proven bound in the report.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ADVISE_DEFAULTS, validateAdviseRequest, type AdviseRequest, type AdviseRequestInput } from "../../core/advise/index.js";
import { mulberry32 } from "../../core/random/index.js";
import { createInProcessRunner } from "../../core/rollout/index.js";
import { repoRoot } from "../../test/support/shared-data.js";
import { tempDir } from "../../test/support/temp-dir.js";
import { runAdviseJob, type AdviseJobEnvironment, type JobPhase } from "./advise-job.js";

const graphFile = join(repoRoot, "examples/flask/flask-graph.json");
const dir = tempDir("maat-advise-auto-");

/** The projects flask may install on Python 3.8 in the example. */
const CLOSURE = ["blinker", "click", "flask", "importlib-metadata", "itsdangerous", "jinja2", "markupsafe", "werkzeug", "zipp"];

/** A random score in [-1, 1] for every release of the closure (the objective of Thoth's experiment with --weight recency=0). */
function randomScores(seed: number): Map<string, Map<string, number>> {
  const rnd = mulberry32(seed);
  const doc = JSON.parse(readFileSync(graphFile, "utf8")) as Record<string, Record<string, unknown>>;
  return new Map(Object.entries(doc).filter(([name]) => CLOSURE.includes(name)).map(([name, releases]) => [name, new Map(Object.keys(releases).map((v) => [v, 2 * rnd() - 1]))]));
}

const input = (change: Partial<AdviseRequestInput>): AdviseRequest => {
  const r = validateAdviseRequest({
    requirements: ["flask"], constraints: [], indexes: [graphFile], python: "3.8", platform: "linux", recommendation: "stable",
    scores: { table: randomScores(7), source: "random.json" }, weights: ["recency=0"], count: 3, seed: 1, ...change,
  }, { batchSize: 64, timeoutMs: null });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};

function environment(phases: JobPhase[] = []): AdviseJobEnvironment {
  return {
    storePath: join(dir, "store", "knowledge.sqlite"), now: () => performance.now(),
    openRunner: async (graph) => ({ ok: true, value: { ...createInProcessRunner(graph), close: () => {} } }),
    onPhase: (p) => phases.push(p),
  };
}

async function report(request: AdviseRequest, env = environment()) {
  const r = await runAdviseJob(request, env);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.report;
}

describe("the default predictor (auto)", () => {
  it("is the default, and answers with the proven optimum (the same top stacks as exact) when branch and bound proves it within its share", async () => {
    expect(ADVISE_DEFAULTS.predictor).toBe("auto");
    const phases: JobPhase[] = [];
    const auto = await report(input({}), environment(phases));
    const exact = await report(input({ predictor: "exact" }));
    expect(auto.stats).toMatchObject({ predictor: "auto", optimal: true, gap: 0, stopped: "proven", learner: null });
    expect(auto.stats.upper_bound).toBe(exact.stats.upper_bound);
    expect(auto.products.map((p) => [p.score, p.packages])).toEqual(exact.products.map((p) => [p.score, p.packages]));
    expect(phases.map((p) => p.phase)).toContain("proving");
    expect(phases.map((p) => p.phase)).not.toContain("searching");
  });

  it("hands the rest of the budget to mcts seeded with exact's incumbent when exact's share ends first: at least as good, with a proven gap", async () => {
    const exact = await report(input({ predictor: "exact" }));
    const latest = await report(input({ predictor: "latest", budget: 1 }));
    const phases: JobPhase[] = [];
    // A budget of 3 stacks leaves exact 3 nodes: too few to prove this objective.
    const auto = await report(input({ budget: 3 }), environment(phases));
    expect(auto.stats).toMatchObject({ predictor: "auto", learner: "mcts", stopped: "budget" });
    expect(auto.stats.nodes).toBeLessThanOrEqual(3);
    expect(auto.stats.stacks_scored).toBeLessThanOrEqual(3 + 64);
    const best = auto.products[0].score;
    expect(best).toBeGreaterThanOrEqual(latest.products[0].score);
    expect(auto.stats.upper_bound!).toBeGreaterThanOrEqual(exact.products[0].score - 1e-9);
    expect(auto.stats.gap).toBeCloseTo(auto.stats.upper_bound! - best, 6);
    expect(phases.map((p) => p.phase).filter((p, i, a) => p !== a[i - 1]).slice(-2)).toEqual(["proving", "searching"]);
  });

  it("stops the proof when the user interrupts it (Ctrl-C), with exact's best stack so far and no learner", async () => {
    const auto = await report(input({}), { ...environment(), stopRequested: () => true });
    expect(auto.stats).toMatchObject({ predictor: "auto", stopped: "interrupted", learner: null, optimal: false });
    expect(auto.products.length).toBeGreaterThan(0);
  });

  it("keeps an explicit --predictor as it was", async () => {
    const mcts = await report(input({ predictor: "mcts", budget: 200 }));
    expect(mcts.stats.predictor).toBe("mcts");
    expect(mcts.stats).not.toHaveProperty("learner");
    expect(mcts.stats).not.toHaveProperty("nodes");
  });
});
