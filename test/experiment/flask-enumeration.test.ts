/**
 * The Flask universe checked by brute force: enumerating every stack gives the count of `maat
 * count` (10,458,622) and the exact search's optimum, so both are right on the experiment itself,
 * not only on small random universes.
 */
import { describe, expect, it } from "vitest";
import { forEachStack } from "../../core/count/index.js";
import { branchAndBound } from "../../core/exact/index.js";
import { randomScores } from "../../core/experiment/index.js";
import { SHARED_MISSING, sharedData } from "../support/shared-data.js";
import { flaskUniverse } from "./universes.js";

const missing = sharedData("pypi-graphs", "flask-graph.json") === null;
if (missing) console.log(SHARED_MISSING);

describe.skipIf(missing)("the Flask universe by enumeration", () => {
  it("has 10,458,622 stacks and the best of them is the exact search's optimum", async () => {
    const g = (await flaskUniverse(randomScores(2020)))!;
    let best = -Infinity;
    const n = forEachStack(g, (_pins, score) => {
      if (score > best) best = score;
    });
    expect(n).toBe(10_458_622);
    const exact = branchAndBound(g, { topK: 1 });
    expect(exact.status).toBe("optimal");
    if (exact.status === "optimal") expect(exact.optimum!.score).toBeCloseTo(best, 9);
  }, 120_000);
});
