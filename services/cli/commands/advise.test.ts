/** `maat advise` and `maat count` as a user runs them (needs `npm run build`, which `make test` does first). */
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot, SHARED_MISSING, sharedData } from "../../../test/support/shared-data.js";
import { runMaat } from "../../../test/support/maat-cli.js";
import { tempDir } from "../../../test/support/temp-dir.js";

const run = promisify(execFile);
const flask = sharedData("pypi-graphs", "flask-graph.json");
const constraints = sharedData("pypi-graphs", "flask-2020.constraints.txt");
const advisoryDatabase = sharedData("osv-pypa");

async function maat(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(repoRoot, "bin/maat"), ...args], { timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const withoutTimings = (report: { stats: Record<string, unknown> }) => ({ ...report, stats: { ...report.stats, elapsed_ms: 0, stacks_per_second: 0 } });

describe.skipIf(flask === null)("maat advise", () => {
  const base = ["advise", "--index", flask!, "--python", "3.8", "--format", "json", "flask"];

  it("returns the top stacks with scores, breakdowns, justifications and statistics", async () => {
    const r = await maat(...base, "--predictor", "mcts", "--budget", "500", "--count", "2", "--seed", "7");
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.products).toHaveLength(2);
    expect(out.products[0].score).toBeGreaterThanOrEqual(out.products[1].score);
    expect(out.products[0].packages.flask).toBeDefined();
    expect(out.products[0].breakdown.flask.units).toHaveProperty("recency");
    expect(out.stats).toMatchObject({ predictor: "mcts", stacks_scored: 500, optimal: false });
    const info = out.stack_info.map((j: { message: string }) => j.message).join("\n");
    expect(info).toMatch(/Recommendation type stable/);
    expect(info).toMatch(/No security advisory database was given/);
  });

  it("gives the same JSON for the same request and seed, timings aside", async () => {
    const one = JSON.parse((await maat(...base, "--budget", "300", "--seed", "3", "--predictor", "td")).stdout);
    const two = JSON.parse((await maat(...base, "--budget", "300", "--seed", "3", "--predictor", "td")).stdout);
    expect(withoutTimings(one)).toEqual(withoutTimings(two));
  });

  it("by default (auto) answers with the proven optimum and says so, in JSON and in text through a pipe", async () => {
    const json = await maat(...base, "--count", "2");
    expect(json.code, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out.stats).toMatchObject({ predictor: "auto", optimal: true, gap: 0, stopped: "proven", learner: null });
    const exact = JSON.parse((await maat(...base, "--count", "2", "--predictor", "exact")).stdout);
    expect(out.products.map((p: { score: number }) => p.score)).toEqual(exact.products.map((p: { score: number }) => p.score));
    expect(out.stats.upper_bound).toBe(exact.stats.upper_bound);
    const { stdout } = await run("sh", ["-c", '"$@" | cat', "sh", process.execPath, join(repoRoot, "bin/maat"), ...base.filter((a) => a !== "--format" && a !== "json")], { timeout: 120_000 });
    expect(stdout).toMatch(/^#1 is the proven optimum: no stack scores more than -?\d+\.\d{4} under this objective\.$/m);
    expect(stdout.trimEnd().split("\n").at(-1)).toMatch(/^auto \(exact\): .*proven optimal; \d+ nodes; stopped once proven$/);
  });

  it("gives one report per --in-flight depth whatever the thread count (--threads 1: the calling thread only; 2: a pool, which runs batches this small inline); refuses bad values naming the flag", async () => {
    const args = [...base, "--predictor", "mcts", "--budget", "2000", "--seed", "4"];
    const [one, pool, serial] = await Promise.all([
      maat(...args, "--in-flight", "3", "--threads", "1"), maat(...args, "--in-flight", "3", "--threads", "2"), maat(...args, "--in-flight", "1"),
    ]);
    for (const r of [one, pool, serial]) expect(r.code, r.stderr).toBe(0);
    expect(withoutTimings(JSON.parse(pool.stdout))).toEqual(withoutTimings(JSON.parse(one.stdout)));
    expect(JSON.parse(one.stdout).stats.stacks_scored).toBe(2000);
    // The default is one batch in flight.
    expect(withoutTimings(JSON.parse((await maat(...args)).stdout))).toEqual(withoutTimings(JSON.parse(serial.stdout)));
    const zero = await maat(...args, "--in-flight", "0");
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/--in-flight: expected a whole number greater than 0, got "0"/);
    const many = await maat(...args, "--in-flight", "65");
    expect(many.code).toBe(2);
    expect(many.stderr).toMatch(/--in-flight: must be at most 64, got 65/);
    const threads = await maat(...args, "--threads", "0");
    expect(threads.code).toBe(2);
    expect(threads.stderr).toMatch(/--threads: expected a whole number from 1 to 1024, got "0"/);
  });

  it("gives one report per --leaf-rollouts k whatever the thread count, spends the budget exactly, --leaf-rollouts 1 is the default; refuses bad values naming the flag", async () => {
    const args = [...base, "--budget", "2000", "--seed", "4", "--predictor", "td"];
    const [one, pool, plain, dflt] = await Promise.all([
      maat(...args, "--leaf-rollouts", "8", "--threads", "1"), maat(...args, "--leaf-rollouts", "8", "--threads", "2"), maat(...args, "--leaf-rollouts", "1"), maat(...args),
    ]);
    for (const r of [one, pool, plain, dflt]) expect(r.code, r.stderr).toBe(0);
    expect(withoutTimings(JSON.parse(pool.stdout))).toEqual(withoutTimings(JSON.parse(one.stdout)));
    expect(JSON.parse(one.stdout).stats.stacks_scored).toBe(2000);
    expect(withoutTimings(JSON.parse(dflt.stdout))).toEqual(withoutTimings(JSON.parse(plain.stdout)));
    const zero = await maat(...args, "--leaf-rollouts", "0");
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/--leaf-rollouts: expected a whole number greater than 0, got "0"/);
    const many = await maat(...args, "--leaf-rollouts", "1025");
    expect(many.code).toBe(2);
    expect(many.stderr).toMatch(/--leaf-rollouts: must be at most 1024, got 1025/);
  });

  it("stops at the --timeout with the best stacks so far", async () => {
    const r = await maat(...base, "--predictor", "mcts", "--budget", "1000000000", "--timeout", "1");
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.stats.stopped).toBe("timeout");
    expect(out.stats.elapsed_ms).toBeLessThan(10_000);
    expect(out.products.length).toBeGreaterThan(0);
  });

  it("proves the optimum with --predictor exact, and the user's scores decide it", async () => {
    const d = tempDir("maat-advise-");
    writeFileSync(join(d, "scores.json"), JSON.stringify({ flask: { "1.1.2": 100 } }));
    const r = await maat(...base, "--predictor", "exact", "--scores", join(d, "scores.json"), "--recommendation", "latest");
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.stats).toMatchObject({ optimal: true, gap: 0 });
    expect(out.products[0].packages.flask).toBe("1.1.2");
  });

  it.skipIf(advisoryDatabase === null)("reads the advisory database from its root: security then keeps werkzeug 2.3.7 (PYSEC-2023-221) out", async () => {
    const r = await maat(...base, "--advisories", advisoryDatabase!, "--recommendation", "security", "--budget", "500");
    // No stack free of advisories: exit 1, the report says why (EXIT_CODES "no-stack").
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.knowledge.advisories.count).toBeGreaterThan(2600);
    expect(out.knowledge.advisories.newest_modified).toMatch(/^2024-10-/);
    expect(out.products.map((p: { packages: Record<string, string> }) => p.packages.werkzeug)).not.toContain("2.3.7");
    expect(out.explanation ?? "").not.toMatch(/No security advisory database was given/);
  });

  it("writes a report larger than a pipe's buffer whole to a reader that starts late, and reports the proven bound", async () => {
    // A shell pipe (64 KiB) to a reader that starts after 3 s: the process waits for it instead of cutting the output.
    const script = '"$0" "$@" | (sleep 3; cat)';
    const { stdout } = await run("sh", ["-c", script, process.execPath, join(repoRoot, "bin/maat"), ...base, "--predictor", "exact", "--count", "100"], {
      timeout: 120_000, maxBuffer: 64 << 20,
    });
    expect(stdout.length).toBeGreaterThan(65_536);
    const out = JSON.parse(stdout);
    expect(out.products).toHaveLength(100);
    expect(out.stats).toMatchObject({ predictor: "exact", optimal: true, gap: 0, stopped: "proven" });
    expect(out.stats.upper_bound).toBeCloseTo(out.products[0].score, 9);
    expect(out.stats.nodes).toBeGreaterThan(0);
  });

  it("refuses bad input with exit 2 naming it", async () => {
    const d = tempDir("maat-advise-");
    writeFileSync(join(d, "bad.json"), "{ not json");
    writeFileSync(join(d, "nan.json"), JSON.stringify({ flask: { "1.0": "high" } }));
    writeFileSync(join(d, "unknown.json"), JSON.stringify({ "no-such-project": { "1.0": 1 } }));
    const cases: [string[], RegExp][] = [
      [["--budget", "0"], /--budget: expected a whole number greater than 0, got "0"/],
      [["--budget", "-5"], /--budget/],
      [["--timeout", "0"], /--timeout: expected a number of seconds greater than 0/],
      [["--predictor", "oracle"], /--predictor: expected .*"oracle"/],
      [["--recommendation", "fast"], /--recommendation: expected .*"fast"/],
      [["--scores", join(d, "bad.json")], /--scores: .*bad\.json/],
      [["--scores", join(d, "nan.json")], /--scores: .*flask.*1\.0/],
      [["--scores", join(d, "unknown.json")], /--scores: .*not in the closure.*no-such-project/],
      [["--server", "localhost"], /--server: expected HOST:PORT, got "localhost"/],
    ];
    for (const [args, message] of cases) {
      const r = await maat(...base, ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe("maat advise: the knowledge it is given", () => {
  const d = tempDir("maat-advise-knowledge-");
  const graph = join(d, "graph.json");
  writeFileSync(graph, JSON.stringify({
    app: { "1.0": { dependencies: ["lib"] } },
    lib: { "1.0": { dependencies: [] }, "2.0": { dependencies: [] } },
  }));
  const clone = join(d, "advisory-database");
  mkdirSync(join(clone, "vulns", "lib"), { recursive: true });
  writeFileSync(join(clone, "vulns", "lib", "TEST-1.yaml"), "id: TEST-1\nmodified: '2024-02-03T04:05:06Z'\naffected:\n- package: {name: lib, ecosystem: PyPI}\n  versions: ['2.0']\n");
  const empty = join(d, "empty");
  mkdirSync(join(empty, "lib"), { recursive: true });
  const args = ["advise", "--index", graph, "--python", "3.12", "--budget", "50", "app"];

  it("reads the advisory database's root (the folder holding vulns/) and says what it used", async () => {
    const r = await maat(...args, "--advisories", clone, "--recommendation", "security", "--format", "json");
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.products[0].packages.lib).toBe("1.0");
    expect(out.knowledge).toEqual({
      advisories: { source: join(clone, "vulns"), count: 1, projects: 1, newest_modified: "2024-02-03T04:05:06Z" }, prescriptions: null, scores: null,
    });
    const text = await maat(...args, "--advisories", clone);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`advisories     1 on 1 projects, newest modified 2024-02-03 (${join(clone, "vulns")})`);
  });

  it("refuses an advisories folder, a prescriptions folder or a scores file that yields nothing (exit 2, naming it)", async () => {
    writeFileSync(join(d, "empty.json"), "{}");
    const cases: [string[], RegExp][] = [
      [["--advisories", empty], new RegExp(`^maat: --advisories: ${empty}: no advisories found: looked for OSV files`)],
      [["--prescriptions", empty], new RegExp(`^maat: --prescriptions: ${empty}: no prescriptions found: looked for YAML files`)],
      [["--scores", join(d, "empty.json")], /^maat: --scores: .*empty\.json: no scores: expected/],
    ];
    for (const [extra, message] of cases) {
      const r = await maat(...args, ...extra);
      expect(r.code, extra.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe("");
    }
  });
});

describe("maat without --index", () => {
  it("uses PyPI through the knowledge store and says so; offline with an empty store it says what to pass instead", async () => {
    const store = join(tempDir("maat-no-index-"), "knowledge.sqlite");
    const env = { ...process.env, MAAT_STORE: store };
    for (const command of ["advise", "resolve", "count"]) {
      const r = await runMaat([command, "--offline", "--python", "3.12", "flask"], { env });
      expect(r.code, `${command}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(`note: no --index given: answering from the knowledge store ${store} (what it keeps of https://pypi.org/simple; --offline)`);
      expect(r.stderr).toMatch(/^maat: (--index: )?offline mode: project "flask" is not in the knowledge store/m);
      expect(r.stderr).toMatch(/^hint: .*pass --index FILE with a snapshot \(the repository ships examples\/flask\/flask-graph\.json\) or --index URL of an index you can reach/m);
      expect(r.stdout).toBe("");
    }
    const chosen = await runMaat(["advise", "--offline", "--index", "https://pypi.org/simple", "flask"], { env });
    expect(chosen.code).toBe(2);
    expect(chosen.stderr).not.toMatch(/note:|hint:/);
  });
});

describe("maat advise --weight", () => {
  // A snapshot of its own (no ../shared): app 1.0 or 2.0, lib 1.0 to 3.0; the user scores the old ones.
  const d = tempDir("maat-weight-");
  const none = { requires_python: null, upload_time: null, yanked: null };
  const index = join(d, "graph.json");
  writeFileSync(index, JSON.stringify({
    app: { "1.0": { requires_dist: ["lib"], ...none }, "2.0": { requires_dist: ["lib>=2"], ...none } },
    lib: { "1.0": { requires_dist: [], ...none }, "2.0": { requires_dist: [], ...none }, "3.0": { requires_dist: [], ...none } },
  }));
  const userScores: Record<string, Record<string, number>> = { app: { "1.0": 0.5 }, lib: { "1.0": 1, "3.0": -0.25 } };
  writeFileSync(join(d, "scores.json"), JSON.stringify(userScores));
  const request = ["--index", index, "--python", "3.12", "--scores", join(d, "scores.json"), "app"];
  const userScore = (packages: Record<string, string>) => Object.entries(packages).reduce((s, [name, v]) => s + (userScores[name]?.[v] ?? 0), 0);

  it("with --scores FILE --weight recency=0 makes the user's scores the whole objective, and says so (JSON and text, through a pipe)", async () => {
    const exact = await runMaat(["advise", ...request, "--weight", "recency=0", "--predictor", "exact", "--count", "2", "--format", "json"]);
    expect(exact.code, exact.stderr).toBe(0);
    const proven = JSON.parse(exact.stdout);
    expect(proven.stats).toMatchObject({ optimal: true, stopped: "proven" });
    expect(proven.products[0]).toMatchObject({ score: 1.5, packages: { app: "1.0", lib: "1.0" } });
    expect(proven.objective).toEqual({ weights: { advisories: 1, prescriptions: 1, recency: 0, scores: 1 } });
    const searched = await runMaat(["advise", ...request, "--weight", "recency=0", "--budget", "200", "--count", "4", "--format", "json"]);
    const report = JSON.parse(searched.stdout);
    expect(report.products.length).toBeGreaterThan(1);
    for (const p of report.products) {
      expect(p.score).toBeCloseTo(userScore(p.packages), 9);
      for (const b of Object.values(p.breakdown) as { units: Record<string, number> }[]) expect(Object.keys(b.units).every((u) => u === "scores-file")).toBe(true);
    }
    // With recency at its default weight, the newest stack wins instead: app 2.0 and lib 3.0 (-0.25 against -0.5).
    const withRecency = JSON.parse((await runMaat(["advise", ...request, "--predictor", "exact", "--count", "1", "--format", "json"])).stdout);
    expect(withRecency.products[0]).toMatchObject({ score: -0.25, packages: { app: "2.0", lib: "3.0" } });
    expect(withRecency.objective.weights.recency).toBe(1);
    const text = await runMaat(["advise", ...request, "--weight", "recency=0", "--weight", "scores-file=2", "--predictor", "exact"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain("objective: advisories 1, prescriptions 1, recency 0, scores 1, scores-file 2 (weights; --weight NAME=W)\n");
    expect(text.stdout).toMatch(/^score\s+3\.0000/m);
  });

  it("refuses an unknown term or a bad weight with exit 2, listing the valid names", async () => {
    const unknown = await runMaat(["advise", ...request, "--weight", "recency=0", "--weight", "popularity=1"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('maat: --weight: "popularity" is not a term of the objective; valid names: groups recency, advisories, scores, prescriptions; units recency, scores-file\n');
    expect(unknown.stdout).toBe("");
    for (const bad of ["recency=-1", "recency", "recency=x"]) {
      const r = await runMaat(["advise", ...request, "--weight", bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toMatch(/^maat: --weight: .*; valid names: groups recency, advisories, scores, prescriptions, and the request's scoring units as the score breakdown names them\n$/);
    }
  });
});

describe.skipIf(flask === null || constraints === null)("maat count", () => {
  it("counts the stacks of the Flask experiment universe exactly", async () => {
    const r = await maat("count", "--index", flask!, "-c", constraints!, "--python", "3.6", "--prereleases", "disallow", "--format", "json", "flask");
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ schema: "maat.count/1", stacks: 10458622 });
  });
});

if (flask === null) console.log(SHARED_MISSING);
