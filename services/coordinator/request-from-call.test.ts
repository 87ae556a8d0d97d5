import { describe, expect, it } from "vitest";
import { adviseCallFromWire, statusDetails, type AdviseRequestWire } from "../../adapters/grpc/index.js";
import { environmentFor } from "../../core/pep508/index.js";
import { requestFromCall } from "./request-from-call.js";

const settings = { batchSize: 256, timeoutMs: 600_000 };
const from = (raw: Partial<AdviseRequestWire>) => {
  const call = adviseCallFromWire({ requirements: ["flask"], index: "/data/graph.json", ...raw });
  if (!call.ok) throw new Error(call.error.message);
  return requestFromCall(call.value, settings);
};

describe("requestFromCall", () => {
  it("fills empty fields with maat advise's defaults and the coordinator's timeout", () => {
    expect(from({})).toEqual({
      ok: true,
      value: {
        requirements: ["flask"], constraints: [], indexes: ["/data/graph.json"], offline: false, target: { python: "3.12", platform: "linux" },
        environment: environmentFor({ python: "3.12", platform: "linux" }),
        prereleases: "if-necessary", recommendation: "stable", predictor: "auto", budget: 10_000, batchSize: 256, inFlight: 1, leafRollouts: 1,
        timeoutMs: 600_000, count: 3, seed: 0, scores: null, advisoriesPath: null, prescriptionsPath: null, weights: {}, locked: null,
      },
    });
  });

  it("takes every field the request sets", () => {
    const r = from({
      index: "https://a/simple", extra_indexes: ["https://b/simple"], constraints: ["x<2"], python: "3.8", platform: "macos-arm64", prereleases: "allow",
      offline: true, recommendation: "security", predictor: "td", budget: "77", timeout_seconds: 2.5, count: 5, seed: "9",
      scores_json: '{"Flask": {"2.0": 1}}', advisories_path: "/a", prescriptions_path: "/p", weights: { recency: 0, "scores-file": 2 }, in_flight: 7, leaf_rollouts: 8,
    });
    expect(r.ok && { ...r.value, environment: undefined, scores: r.value.scores && [...r.value.scores.table].map(([n, m]) => [n, [...m]]) }).toEqual({
      requirements: ["flask"], constraints: ["x<2"], indexes: ["https://a/simple", "https://b/simple"], offline: true,
      target: { python: "3.8", platform: "macos", machine: "arm64" }, environment: undefined, prereleases: "allow", recommendation: "security", predictor: "td",
      budget: 77, batchSize: 256, inFlight: 7, leafRollouts: 8, timeoutMs: 2500, count: 5, seed: 9, scores: [["flask", [["2.0", 1]]]], advisoriesPath: "/a", prescriptionsPath: "/p",
      weights: { recency: 0, "scores-file": 2 }, locked: null,
    });
    expect(r.ok && r.value.environment).toEqual(environmentFor({ python: "3.8", platform: "macos", machine: "arm64" }));
  });

  it("takes the coordinator's in-flight depth when the request sets none, and refuses one above 64", () => {
    const call = adviseCallFromWire({ requirements: ["flask"], index: "/data/graph.json" });
    expect(call.ok && requestFromCall(call.value, { batchSize: 256, timeoutMs: null, inFlight: 2 }))
      .toMatchObject({ ok: true, value: { inFlight: 2 } });
    expect(from({ leaf_rollouts: 1025 })).toMatchObject({ ok: false, error: { code: "invalid-argument", field: "leafRollouts", message: "must be at most 1024, got 1025" } });
    expect(from({ in_flight: 65 })).toMatchObject({ ok: false, error: { code: "invalid-argument", field: "inFlight", message: "must be at most 64, got 65" } });
  });

  it("names the field of what only the coordinator can refuse", () => {
    expect(from({ platform: "solaris" })).toMatchObject({ ok: false, error: { code: "invalid-argument", field: "platform" } });
    const seed = from({ seed: String(2 ** 53) });
    expect(seed).toMatchObject({ ok: false, error: { field: "seed", message: expect.stringMatching(/^must be at most 2\^53 - 1/) } });
    expect(!seed.ok && statusDetails(seed.error)).toMatch(/^seed: must be at most 2\^53 - 1/);
    const scores = from({ scores_json: '{"flask": {"1.0": "high"}}' });
    expect(scores).toMatchObject({ ok: false, error: { field: "scores", message: expect.stringMatching(/^flask "1.0": expected a number/) } });
    expect(!scores.ok && statusDetails(scores.error)).toMatch(/^scores_json: flask "1.0": expected a number/);
    const weight = from({ weights: { recency: -1 } });
    expect(weight).toMatchObject({ ok: false, error: { field: "weights", message: expect.stringMatching(/^the weight of "recency" must be a finite number from 0 to 1,000,000, got -1; valid names: /) } });
    expect(!weight.ok && statusDetails(weight.error)).toMatch(/^weights: the weight of "recency"/);
  });
});

describe("requestFromCall scores", () => {
  it("parses scores_json once and names it when it is not JSON", () => {
    const bad = from({ scores_json: "{" });
    expect(bad).toMatchObject({ ok: false, error: { code: "invalid-argument", field: "scores", message: expect.stringMatching(/^not valid JSON at line 1 column 2/) } });
  });
});
