/** `maat advise` and `maat count` as a user runs them (needs `npm run build`, which `make test` does first). */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot, SHARED_MISSING, sharedData } from "../../../test/support/shared-data.js";
import { tempDir } from "../../../test/support/temp-dir.js";

const run = promisify(execFile);
const flask = sharedData("pypi-graphs", "flask-graph.json");
const constraints = sharedData("pypi-graphs", "flask-2020.constraints.txt");

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
    const r = await maat(...base, "--budget", "500", "--count", "2", "--seed", "7");
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

  it("stops at the --timeout with the best stacks so far", async () => {
    const r = await maat(...base, "--budget", "1000000000", "--timeout", "1");
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

describe.skipIf(flask === null || constraints === null)("maat count", () => {
  it("counts the stacks of the Flask experiment universe exactly", async () => {
    const r = await maat("count", "--index", flask!, "-c", constraints!, "--python", "3.6", "--prereleases", "disallow", "--format", "json", "flask");
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ stacks: 10458622 });
  });
});

if (flask === null) it.skip(SHARED_MISSING, () => {});
