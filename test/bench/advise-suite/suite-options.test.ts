import { describe, expect, it } from "vitest";
import { ADVISE_DEFAULTS } from "../../../core/advise/index.js";
import { suiteSettings } from "./suite-options.js";

describe("suiteSettings", () => {
  it("defaults to maat advise's search settings and every request, objective and predictor", () => {
    const s = suiteSettings({});
    expect([s.batchSize, s.inFlight, s.leafRollouts]).toEqual([ADVISE_DEFAULTS.batchSize, ADVISE_DEFAULTS.inFlight, ADVISE_DEFAULTS.leafRollouts]);
    expect(s.predictors).toContain("auto");
    expect(s.budgets).toEqual([1000, 10_000, 100_000]);
    expect(s.exactSeconds).toBe(20);
  });

  it("takes BATCH, IN_FLIGHT and LEAF, and budgets in any order", () => {
    const s = suiteSettings({ ADVISE_BATCH: "128", ADVISE_IN_FLIGHT: "2", ADVISE_LEAF: " 8 ", ADVISE_BUDGETS: "10000,1000", ADVISE_PREDICTORS: "mcts,td" });
    expect([s.batchSize, s.inFlight, s.leafRollouts]).toEqual([128, 2, 8]);
    expect(s.budgets).toEqual([1000, 10_000]);
    expect(s.predictors).toEqual(["mcts", "td"]);
  });

  it("refuses a bad value naming the variable and the value", () => {
    expect(() => suiteSettings({ ADVISE_LEAF: "0" })).toThrow(/ADVISE_LEAF: "0" is not a whole number from 1 to 1024/);
    expect(() => suiteSettings({ ADVISE_LEAF: "2000" })).toThrow(/ADVISE_LEAF/);
    expect(() => suiteSettings({ ADVISE_BATCH: "1.5" })).toThrow(/ADVISE_BATCH: "1.5"/);
    expect(() => suiteSettings({ ADVISE_IN_FLIGHT: "1,2" })).toThrow(/ADVISE_IN_FLIGHT: takes one value/);
    expect(() => suiteSettings({ ADVISE_IN_FLIGHT: "0" })).toThrow(/ADVISE_IN_FLIGHT/);
    expect(() => suiteSettings({ ADVISE_PREDICTORS: "mcts,uct" })).toThrow(/ADVISE_PREDICTORS: "uct" is not one of/);
  });
});
