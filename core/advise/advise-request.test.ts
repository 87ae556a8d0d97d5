import { describe, expect, it } from "vitest";
import { ADVISE_DEFAULTS, validateAdviseRequest, type AdviseRequestInput } from "./index.js";

const ok: AdviseRequestInput = { requirements: ["flask"], indexes: ["https://pypi.org/simple"] };
const refusal = (change: Partial<AdviseRequestInput>) => {
  const r = validateAdviseRequest({ ...ok, ...change });
  return r.ok ? null : r.error;
};

describe("validateAdviseRequest", () => {
  it("takes ADVISE_DEFAULTS and the runner's settings for what the request leaves out", () => {
    const r = validateAdviseRequest(ok, { batchSize: 64, timeoutMs: 600_000 });
    expect(r.ok && r.value).toMatchObject({
      recommendation: ADVISE_DEFAULTS.recommendation, predictor: ADVISE_DEFAULTS.predictor, budget: ADVISE_DEFAULTS.budget,
      count: ADVISE_DEFAULTS.count, seed: ADVISE_DEFAULTS.seed, batchSize: 64, timeoutMs: 600_000,
      scores: null, advisoriesPath: null, prescriptionsPath: null,
    });
    const embedded = validateAdviseRequest(ok);
    expect(embedded.ok && [embedded.value.batchSize, embedded.value.timeoutMs]).toEqual([ADVISE_DEFAULTS.batchSize, null]);
  });

  it("reads numbers given as text, numbers or bigints", () => {
    const r = validateAdviseRequest({ ...ok, budget: "77", count: 5, seed: 9n, timeoutSeconds: "2.5" });
    expect(r.ok && r.value).toMatchObject({ budget: 77, count: 5, seed: 9, timeoutMs: 2500 });
    expect(validateAdviseRequest({ ...ok, seed: String(2 ** 53 - 1) }).ok).toBe(true);
  });

  it("refuses each bad field, naming it and quoting what was given", () => {
    expect(refusal({ recommendation: "fast" })).toEqual({ code: "invalid-argument", field: "recommendation", message: 'expected latest, performance, security, stable, testing, got "fast"' });
    expect(refusal({ predictor: "oracle" })).toEqual({
      code: "invalid-argument", field: "predictor", message: 'expected auto, mcts, td, annealing, hill-climbing, random-walk, latest, exact, got "oracle"',
    });
    expect(refusal({ budget: "0" })).toEqual({ code: "invalid-argument", field: "budget", message: 'expected a whole number greater than 0, got "0"' });
    expect(refusal({ budget: "-5" })?.field).toBe("budget");
    expect(refusal({ budget: String(2 ** 53) })).toMatchObject({ field: "budget", message: "must be at most 2^53 - 1, got 9007199254740992" });
    expect(refusal({ count: 0 })).toMatchObject({ field: "count", message: "expected a whole number greater than 0, got 0" });
    expect(refusal({ seed: "-1" })).toMatchObject({ field: "seed", message: 'expected a whole number from 0, got "-1"' });
    expect(refusal({ seed: "18446744073709551616" })).toMatchObject({ field: "seed", message: expect.stringMatching(/^must be at most 2\^53 - 1/) });
    expect(refusal({ timeoutSeconds: "0" })).toMatchObject({ field: "timeoutSeconds", message: 'expected a number of seconds greater than 0, got "0"' });
    expect(refusal({ timeoutSeconds: " " })?.field).toBe("timeoutSeconds");
    expect(refusal({ timeoutSeconds: Number.NaN })).toMatchObject({ field: "timeoutSeconds", message: "expected a number of seconds greater than 0, got NaN" });
    expect(refusal({ python: "3.x" })?.field).toBe("python");
  });

  it("reads the objective's weights as NAME=W texts or name and number, in the order given; none: every weight 1", () => {
    const r = validateAdviseRequest({ ...ok, weights: ["recency=0", { name: "scores-file", weight: 2.5 }, { name: " advisories ", weight: "0.5" }] });
    expect(r.ok && r.value.weights).toEqual({ recency: 0, "scores-file": 2.5, advisories: 0.5 });
    expect(r.ok && Object.keys(r.value.weights)).toEqual(["recency", "scores-file", "advisories"]);
    const none = validateAdviseRequest(ok);
    expect(none.ok && none.value.weights).toEqual({});
    const proto = validateAdviseRequest({ ...ok, weights: ["__proto__=1"] });
    expect(proto.ok && Object.keys(proto.value.weights)).toEqual(["__proto__"]);
  });

  it("refuses a bad weight on field weights, saying which names are valid", () => {
    const names = /valid names: groups recency, advisories, scores, prescriptions, and the request's scoring units as the score breakdown names them$/;
    for (const weights of [["recency"], ["=1"], ["recency=-1"], ["recency=x"], ["recency=Infinity"], ["recency=1e307"], [{ name: "recency", weight: 1_000_001 }], [{ name: "recency", weight: Number.NaN }], [{ name: "recency", weight: -2 }], [{ name: " ", weight: 1 }]]) {
      expect(refusal({ weights }), JSON.stringify(weights)).toMatchObject({ code: "invalid-argument", field: "weights", message: expect.stringMatching(names) });
    }
    expect(refusal({ weights: ["recency=-1"] })?.message).toMatch(/^the weight of "recency" must be a finite number from 0 to 1,000,000, got "-1"; /);
    expect(refusal({ weights: [{ name: "recency", weight: -2 }] })?.message).toMatch(/^the weight of "recency" must be a finite number from 0 to 1,000,000, got -2; /);
    expect(refusal({ weights: ["recency=0", { name: "recency", weight: 1 }] })).toEqual({ code: "invalid-argument", field: "weights", message: '"recency" is given twice' });
  });
});
