import { describe, expect, it } from "vitest";
import { countStacks } from "../../core/count/index.js";
import { SHARED_MISSING, sharedData } from "../support/shared-data.js";
import { flaskUniverse } from "./universes.js";

const missing = sharedData("pypi-graphs", "flask-graph.json") === null;
if (missing) console.warn(SHARED_MISSING);

describe.skipIf(missing)("the Flask universe (late October 2020, Python 3.6, Linux, no prereleases)", () => {
  it("has exactly 10,458,622 stacks (an independent count)", async () => {
    const g = await flaskUniverse();
    const r = countStacks(g!);
    expect(r.status === "exact" && r.text).toBe("10458622");
  });
});
