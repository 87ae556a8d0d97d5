import { Metadata, status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { validateAdviseRequest } from "../../core/advise/index.js";
import { environmentFor } from "../../core/pep508/index.js";
import { adviseCallFromWire, adviseRequestWire } from "./advise-request-wire.js";
import { FIELD_METADATA_KEY, fromServiceError, grpcCodeOf, toStatus } from "./grpc-status.js";
import { requestFieldOf, wireFieldOf } from "./wire-field.js";

const ok = { requirements: ["flask"], index: "https://pypi.org/simple" };
/** The AdviseRequest field a request is refused for: by the wire's own checks, else by core's validation. */
const field = (raw: object) => {
  const call = adviseCallFromWire(raw);
  if (!call.ok) return call.error.field === undefined ? undefined : wireFieldOf(call.error.field);
  const v = validateAdviseRequest(call.value.input);
  return v.ok ? null : v.error.field === undefined ? undefined : wireFieldOf(v.error.field);
};

describe("adviseCallFromWire", () => {
  it("takes a minimal request with unset fields absent and numbers as sent", () => {
    const v = adviseCallFromWire({ ...ok, seed: "18446744073709551615", budget: "1000", scores_json: '{"a":1}' });
    expect(v.ok && v.value).toMatchObject({
      input: { requirements: ["flask"], indexes: ["https://pypi.org/simple"], python: undefined, recommendation: undefined, predictor: undefined, budget: "1000", count: undefined, seed: "18446744073709551615" },
      scoresJson: '{"a":1}',
    });
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
    expect(field({ ...ok, advisories_path: "a\u0000b" })).toBe("advisories_path");
    expect(field({ ...ok, extra_indexes: ["https://a/simple", " "] })).toBe("extra_indexes[1]");
    expect(field({ ...ok, prereleases: "sometimes" })).toBe("prereleases");
    expect(field({ ...ok, weights: { recency: -1 } })).toBe("weights");
    expect(field({ ...ok, weights: { recency: Number.NaN } })).toBe("weights");
    expect(field({ ...ok, weights: { "rec\u0000ency": 1 } })).toBe("weights");
    expect(field({ ...ok, weights: { ["x".repeat(1001)]: 1 } })).toBe("weights");
    expect(field({ ...ok, weights: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`u${i}`, 1])) })).toBe("weights");
    expect(field({ ...ok, weights: { recency: 0, "scores-file": 2 } })).toBeNull();
    expect(field(ok)).toBeNull();
  });

  it("keeps extra indexes, the prerelease policy, offline and the scores text", () => {
    const v = adviseCallFromWire({ ...ok, extra_indexes: ["https://b/simple"], prereleases: "allow", offline: true, scores_json: '{"a": {"1": 2}}' });
    expect(v.ok && v.value).toMatchObject({ input: { indexes: ["https://pypi.org/simple", "https://b/simple"], prereleases: "allow", offline: true }, scoresJson: '{"a": {"1": 2}}' });
    const bare = adviseCallFromWire(ok);
    expect(bare.ok && bare.value).toMatchObject({ input: { indexes: ["https://pypi.org/simple"], prereleases: undefined, offline: false }, scoresJson: null });
  });

  it("gives back the request it was made from (adviseRequestWire)", () => {
    const request = validateAdviseRequest({
      requirements: ["flask"], constraints: ["x<2"], indexes: ["https://a/simple", "https://b/simple"], python: "3.8", platform: "macos-arm64",
      prereleases: "allow", offline: true, recommendation: "security", predictor: "td", budget: "77", timeoutSeconds: "2.5", count: "5", seed: "9",
      scores: { table: new Map([["flask", new Map([["2.0", 1]])]]), source: "s.json" }, advisoriesPath: "/a", prescriptionsPath: "/p",
      weights: ["recency=0", "scores-file=2.5"],
    });
    if (!request.ok) throw new Error(request.error.message);
    const wire = adviseRequestWire(request.value);
    expect(wire.weights).toEqual({ recency: 0, "scores-file": 2.5 });
    const call = adviseCallFromWire(wire);
    expect(call.ok && call.value.input.weights).toEqual([{ name: "recency", weight: 0 }, { name: "scores-file", weight: 2.5 }]);
    expect(call.ok && call.value.scoresJson).toBe('{"flask":{"2.0":1}}');
    const again = call.ok ? validateAdviseRequest({ ...call.value.input, scores: request.value.scores! }) : call;
    expect(again).toEqual(request);
    expect(request.value.environment).toEqual(environmentFor({ python: "3.8", platform: "macos", machine: "arm64" }));
  });

  it("carries the runtime environment and a lock's pins both ways", () => {
    const request = validateAdviseRequest({
      requirements: ["tensorflow"], indexes: ["/g.json"], python: "3.9", platform: "linux-aarch64", implementation: "pypy", osName: "rhel", osVersion: "8",
      cudaVersion: "11.8", cpuFamily: "6", cpuModel: "85", gpuModel: "NVIDIA A100", baseImage: "quay.io/thoth-station/s2i-thoth-ubi8-py38:v0.29.0",
      locked: { Flask: "2.0.1" },
    });
    if (!request.ok) throw new Error(request.error.message);
    const wire = adviseRequestWire(request.value);
    expect(wire).toMatchObject({ os_name: "rhel", os_version: "8", cuda_version: "11.8", cpu_family: "6", cpu_model: "85", gpu_model: "NVIDIA A100", python_implementation: "pypy", locked: ["flask==2.0.1"] });
    const call = adviseCallFromWire(wire);
    expect(call.ok && validateAdviseRequest(call.value.input)).toEqual(request);
    expect(request.value.target).toMatchObject({ os: { name: "rhel", version: "8" }, hardware: { cpuFamily: 6, cpuModel: 85, gpuModel: "NVIDIA A100" }, cudaVersion: "11.8" });
  });

  it("names runtime environment and locked fields at fault", () => {
    expect(field({ ...ok, cuda_version: "eleven" })).toBe("cuda_version");
    expect(field({ ...ok, cpu_family: "x" })).toBe("cpu_family");
    expect(field({ ...ok, os_version: "8" })).toBe("os_version");
    expect(field({ ...ok, gpu_model: "a\u0000" })).toBe("gpu_model");
    expect(field({ ...ok, python_implementation: "jython" })).toBe("python_implementation");
    expect(field({ ...ok, base_image: "an image" })).toBe("base_image");
    expect(field({ ...ok, locked: ["flask"] })).toBe("locked[0]");
    expect(field({ ...ok, locked: ["flask==two"] })).toBe("locked");
  });
});

describe("fields and error mapping", () => {
  it("names request fields as the AdviseRequest does, both ways", () => {
    const pairs: [string, string][] = [["indexes", "index"], ["indexes[0]", "index"], ["indexes[2]", "extra_indexes[1]"], ["timeoutSeconds", "timeout_seconds"],
      ["scores", "scores_json"], ["advisoriesPath", "advisories_path"], ["prescriptionsPath", "prescriptions_path"], ["weights", "weights"], ["requirements[3]", "requirements[3]"],
      ["seed", "seed"], ["advise_id", "advise_id"], ["cudaVersion", "cuda_version"], ["osName", "os_name"], ["implementation", "python_implementation"],
      ["cpuFamily", "cpu_family"], ["baseImage", "base_image"], ["locked", "locked"]];
    for (const [core, wire] of pairs) expect(wireFieldOf(core)).toBe(wire);
    for (const [core, wire] of pairs.filter(([c]) => c !== "indexes[0]")) expect(requestFieldOf(wire)).toBe(core);
    expect(requestFieldOf("extra_indexes")).toBe("indexes");
  });

  it("maps each failure code to its gRPC status and back, carrying the field", () => {
    const cases: [string, status][] = [["invalid-argument", status.INVALID_ARGUMENT], ["resource-exhausted", status.RESOURCE_EXHAUSTED],
      ["payload-too-large", status.RESOURCE_EXHAUSTED], ["unavailable", status.UNAVAILABLE], ["deadline-exceeded", status.DEADLINE_EXCEEDED],
      ["cancelled", status.CANCELLED], ["not-found", status.NOT_FOUND], ["internal", status.INTERNAL], ["rollout-failed", status.INTERNAL],
      ["invalid-payload", status.INTERNAL], ["something-else", status.INTERNAL]];
    for (const [code, grpcCode] of cases) expect(grpcCodeOf(code)).toBe(grpcCode);
    expect(toStatus({ code: "unavailable", message: "m" })).toMatchObject({ code: status.UNAVAILABLE, details: "m" });
    const s = toStatus({ code: "invalid-argument", field: "scores", message: "bad" });
    expect(s.details).toBe("scores_json: bad");
    expect(s.metadata?.get(FIELD_METADATA_KEY)).toEqual(["scores_json"]);
    const metadata = new Metadata();
    metadata.set(FIELD_METADATA_KEY, "scores_json");
    expect(fromServiceError({ code: status.INVALID_ARGUMENT, details: "scores_json: bad", metadata })).toEqual({ code: "invalid-argument", message: "bad", field: "scores" });
    expect(fromServiceError({ code: status.UNKNOWN, details: "x" }).code).toBe("internal");
  });
});
