/**
 * The AdviseRequest field (proto/maat/v1/adviser.proto) of a request field in core's names, and
 * back: `indexes[0]` is `index`, `indexes[i]` is `extra_indexes[i-1]`, `scores` is `scores_json`,
 * `weights` is `weights` (a map on the wire).
 * Names that are not request fields (`advise_id`) pass unchanged.
 */
const TO_WIRE: Readonly<Record<string, string>> = {
  indexes: "index", timeoutSeconds: "timeout_seconds", scores: "scores_json",
  advisoriesPath: "advisories_path", prescriptionsPath: "prescriptions_path", weights: "weights", inFlight: "in_flight", leafRollouts: "leaf_rollouts",
  implementation: "python_implementation", osName: "os_name", osVersion: "os_version", cudaVersion: "cuda_version",
  cpuFamily: "cpu_family", cpuModel: "cpu_model", gpuModel: "gpu_model", baseImage: "base_image",
};
const FROM_WIRE: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(TO_WIRE).map(([core, wire]) => [wire, core]));

export function wireFieldOf(field: string): string {
  const index = /^indexes\[(\d+)\]$/.exec(field);
  if (index !== null) return index[1] === "0" ? "index" : `extra_indexes[${Number(index[1]) - 1}]`;
  return TO_WIRE[field] ?? field;
}

/** The request field (core's name) of an AdviseRequest field. */
export function requestFieldOf(wireField: string): string {
  const extra = /^extra_indexes(?:\[(\d+)\])?$/.exec(wireField);
  if (extra !== null) return extra[1] === undefined ? "indexes" : `indexes[${Number(extra[1]) + 1}]`;
  return FROM_WIRE[wireField] ?? wireField;
}
