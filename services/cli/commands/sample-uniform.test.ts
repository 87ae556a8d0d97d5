/**
 * `maat sample --uniform` on the Flask 2020 universe (../shared's Flask graph cut back to late
 * October 2020): a chi-square test over a small sub-universe (46 stacks: flask 0.12.x with any of
 * six werkzeug versions, flask 1.0.x only with werkzeug 0.14.x) shows the draws are uniform over
 * the stacks; every stack drawn is valid by the test's own checker (Python's `packaging` over the
 * graph file). The random rule fails the same test: the test can tell.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ruleChoice, stackCounter } from "../../../core/count/index.js";
import { mulberry32 } from "../../../core/random/index.js";
import { pinnedPackages } from "../../../core/report/index.js";
import { readMaatConfig } from "../../compose/maat-config.js";
import { parseRequest } from "../request-options.js";
import { repoRoot, sharedData, SHARED_MISSING } from "../../../test/support/shared-data.js";
import { withSearchGraph } from "./request-search-graph.js";

const graphFile = sharedData("pypi-graphs", "flask-graph.json");
const constraints = sharedData("pypi-graphs", "flask-2020.constraints.txt");
if (graphFile === null || constraints === null) console.log(SHARED_MISSING);
const checker = join(repoRoot, "test/support/graph-stack-check.py");
const requirements = ["flask>=0.12", "werkzeug>=0.12,<0.15", "jinja2==2.10", "click==7.0", "itsdangerous==1.1.0", "markupsafe==1.1.1"];

/** The chi-square critical value at p = 0.001 for `df` degrees of freedom (Wilson-Hilferty). */
const critical = (df: number) => df * (1 - 2 / (9 * df) + 3.0902 * Math.sqrt(2 / (9 * df))) ** 3;

describe.skipIf(graphFile === null || constraints === null)("maat sample --uniform on the Flask 2020 universe", () => {
  it("draws every stack of a small sub-universe equally often (chi-square), each valid; the random rule fails the test", async () => {
    const request = parseRequest(requirements, { index: [graphFile!], constraint: [constraints!], python: "3.6", prereleases: "disallow" });
    const counts = await withSearchGraph(request, readMaatConfig({}), async (graph) => {
      const counter = stackCounter(graph);
      const counted = counter.count();
      expect(counted.status === "exact" && counted.count).toBe(46n);
      const draw = (rule: "uniform" | "random") => {
        const choose = ruleChoice(rule, mulberry32(rule === "uniform" ? 17 : 18));
        const seen = new Map<string, number>();
        for (let i = 0; i < 200 * 46; i++) {
          const key = JSON.stringify(pinnedPackages(graph, counter.sample(choose)!));
          seen.set(key, (seen.get(key) ?? 0) + 1);
        }
        return seen;
      };
      return { uniform: draw("uniform"), random: draw("random") };
    });
    const chi2 = (seen: Map<string, number>) => [...seen.values()].reduce((s, o) => s + (o - 200) ** 2 / 200, 0) + (46 - seen.size) * 200;
    expect(counts.uniform.size).toBe(46);
    expect(chi2(counts.uniform)).toBeLessThan(critical(45));
    expect(chi2(counts.random)).toBeGreaterThan(critical(45));
    // every stack drawn is valid by the independent checker
    const lines = [...counts.uniform.keys()].map((k) => JSON.stringify({ packages: JSON.parse(k) })).join("\n");
    const checked = spawnSync("python3", [checker, graphFile!, "3.6", ...requirements], { input: lines, encoding: "utf8" });
    if (checked.status !== 0) {
      console.warn(`skipping the independent stack check (python3 with packaging needed): ${checked.stderr}`);
      return;
    }
    expect(JSON.parse(checked.stdout)).toEqual(Array.from({ length: 46 }, () => []));
    // and inside the 2020 caps
    for (const k of counts.uniform.keys()) expect((JSON.parse(k) as Record<string, string>).flask).toMatch(/^(0\.12(\.\d)?|1\.0(\.\d)?)$/);
  }, 60_000);
});
