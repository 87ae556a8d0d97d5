import { Metadata, status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { FIELD_METADATA_KEY, fromServiceError, toStatus } from "./grpc-status.js";
import { validateAdviseRequest } from "./validate-advise-request.js";

const ok = { requirements: ["flask"], index: "https://pypi.org/simple" };
const field = (raw: object) => {
  const v = validateAdviseRequest(raw, ["mcts"]);
  return v.ok ? null : v.error.field;
};

describe("validateAdviseRequest", () => {
  it("accepts a minimal request with defaults as null and a uint64 seed", () => {
    const v = validateAdviseRequest({ ...ok, seed: "18446744073709551615", budget: "1000", scores_json: '{"a":1}' }, ["mcts"]);
    expect(v.ok && v.value).toMatchObject({ requirements: ["flask"], python: null, recommendation: null, predictor: null, budget: 1000, count: null, seed: 18446744073709551615n, scores: { a: 1 } });
  });

  it("names the field at fault", () => {
    expect(field({ index: "x" })).toBe("requirements");
    expect(field({ ...ok, constraints: ["a<2", ""] })).toBe("constraints[1]");
    expect(field({ requirements: ["flask"], index: " " })).toBe("index");
    expect(field({ ...ok, python: "three" })).toBe("python");
    expect(field({ ...ok, platform: "linux x86" })).toBe("platform");
    expect(field({ ...ok, recommendation: "fastest" })).toBe("recommendation");
    expect(field({ ...ok, predictor: "oracle" })).toBe("predictor");
    expect(field({ ...ok, budget: "-1" })).toBe("budget");
    expect(field({ ...ok, budget: String(2 ** 53) })).toBe("budget");
    expect(field({ ...ok, seed: "18446744073709551616" })).toBe("seed");
    expect(field({ ...ok, timeout_seconds: Number.NaN })).toBe("timeout_seconds");
    expect(field({ ...ok, count: 1.5 })).toBe("count");
    expect(field({ ...ok, scores_json: "{" })).toBe("scores_json");
    expect(field({ ...ok, advisories_path: "a\u0000b" })).toBe("advisories_path");
    expect(field({ ...ok, extra_indexes: ["https://a/simple", " "] })).toBe("extra_indexes[1]");
    expect(field({ ...ok, prereleases: "sometimes" })).toBe("prereleases");
  });

  it("keeps extra indexes, the prerelease policy, offline and the scores text", () => {
    const v = validateAdviseRequest({ ...ok, extra_indexes: ["https://b/simple"], prereleases: "allow", offline: true, scores_json: '{"a": {"1": 2}}' }, ["mcts"]);
    expect(v.ok && v.value).toMatchObject({ extraIndexes: ["https://b/simple"], prereleases: "allow", offline: true, scoresJson: '{"a": {"1": 2}}' });
    const bare = validateAdviseRequest(ok, ["mcts"]);
    expect(bare.ok && bare.value).toMatchObject({ extraIndexes: [], prereleases: null, offline: false, scoresJson: null });
  });
});

describe("error mapping", () => {
  it("maps each domain code to its gRPC status and back, carrying the field", () => {
    const cases: [string, status][] = [["invalid-argument", status.INVALID_ARGUMENT], ["resource-exhausted", status.RESOURCE_EXHAUSTED],
      ["payload-too-large", status.RESOURCE_EXHAUSTED], ["unavailable", status.UNAVAILABLE], ["deadline-exceeded", status.DEADLINE_EXCEEDED],
      ["cancelled", status.CANCELLED], ["not-found", status.NOT_FOUND], ["internal", status.INTERNAL], ["rollout-failed", status.INTERNAL],
      ["invalid-payload", status.INTERNAL], ["something-else", status.INTERNAL]];
    for (const [code, grpcCode] of cases) expect(toStatus({ code, message: "m" }).code).toBe(grpcCode);
    const s = toStatus({ code: "invalid-argument", field: "seed", message: "bad" });
    expect(s.details).toBe("seed: bad");
    expect(s.metadata?.get(FIELD_METADATA_KEY)).toEqual(["seed"]);
    const metadata = new Metadata();
    metadata.set(FIELD_METADATA_KEY, "seed");
    expect(fromServiceError({ code: status.INVALID_ARGUMENT, details: "seed: bad", metadata })).toEqual({ code: "invalid-argument", message: "seed: bad", field: "seed" });
    expect(fromServiceError({ code: status.UNKNOWN, details: "x" }).code).toBe("internal");
  });
});
