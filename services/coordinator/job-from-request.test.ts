import { describe, expect, it } from "vitest";
import { validateAdviseRequest, type AdviseRequestWire } from "../../adapters/grpc/index.js";
import { PREDICTOR_NAMES } from "../../core/advise/index.js";
import { jobFromRequest } from "./job-from-request.js";

const defaults = { batchSize: 256, timeoutMs: 600_000 };
const from = (raw: Partial<AdviseRequestWire>) => {
  const v = validateAdviseRequest({ requirements: ["flask"], index: "/data/graph.json", ...raw }, PREDICTOR_NAMES);
  if (!v.ok) throw new Error(v.error.message);
  return jobFromRequest(v.value, defaults);
};

describe("jobFromRequest", () => {
  it("fills empty fields with maat advise's defaults and the coordinator's timeout", () => {
    expect(from({})).toEqual({
      ok: true,
      value: {
        requirements: ["flask"], constraints: [], indexes: ["/data/graph.json"], offline: false, target: { python: "3.12", platform: "linux" },
        prereleases: "if-necessary-or-explicit", recommendation: "stable", predictor: "mcts", budget: 10_000, batchSize: 256,
        timeoutMs: 600_000, count: 3, seed: 0, scores: null, advisoriesPath: null, prescriptionsPath: null,
      },
    });
  });

  it("takes every field the request sets", () => {
    const r = from({
      index: "https://a/simple", extra_indexes: ["https://b/simple"], constraints: ["x<2"], python: "3.8", platform: "macos-arm64", prereleases: "allow",
      offline: true, recommendation: "security", predictor: "td", budget: "77", timeout_seconds: 2.5, count: 5, seed: "9",
      scores_json: '{"Flask": {"2.0": 1}}', advisories_path: "/a", prescriptions_path: "/p",
    });
    expect(r.ok && { ...r.value, scores: r.value.scores && [...r.value.scores.table].map(([n, m]) => [n, [...m]]) }).toEqual({
      requirements: ["flask"], constraints: ["x<2"], indexes: ["https://a/simple", "https://b/simple"], offline: true,
      target: { python: "3.8", platform: "macos", machine: "arm64" }, prereleases: "allow", recommendation: "security", predictor: "td",
      budget: 77, batchSize: 256, timeoutMs: 2500, count: 5, seed: 9, scores: [["flask", [["2.0", 1]]]], advisoriesPath: "/a", prescriptionsPath: "/p",
    });
  });

  it("names the field of what only the coordinator can refuse", () => {
    expect(from({ platform: "solaris" })).toMatchObject({ ok: false, error: { code: "invalid-argument", field: "platform" } });
    expect(from({ seed: String(2 ** 53) })).toMatchObject({ ok: false, error: { field: "seed", message: expect.stringMatching(/^seed: must be at most 2\^53 - 1/) } });
    expect(from({ scores_json: '{"flask": {"1.0": "high"}}' })).toMatchObject({ ok: false, error: { field: "scores_json", message: expect.stringMatching(/^scores_json: flask "1.0": expected a number/) } });
  });
});
