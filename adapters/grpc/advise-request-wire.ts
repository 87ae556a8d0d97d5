/**
 * An AdviseRequest message and core's advise request, both ways. Arriving, only what the wire
 * itself must bound is checked here (entry counts and lengths, control characters, the timeout and
 * count ranges; proto3's zero values mean "not set"); everything else is core's validateAdviseRequest,
 * run by the service. Refusals are invalid-argument failures naming the field in core's names.
 */
import { invalidArgument, type Failure, type Result } from "../../core/failure/index.js";
import type { AdviseRequest, AdviseRequestInput } from "../../core/advise/index.js";
import { MAX_LOCKED } from "../../core/request/index.js";
import type { ScoreTable } from "../../core/pipeline/index.js";
import type { AdviseRequestWire } from "./adviser-messages.js";

export const LIMITS = { requirements: 1_000, requirementLength: 1_000, count: 1_000, timeoutSeconds: 86_400 } as const;

/** The runtime environment's wire fields and their request fields (core's names). */
type RuntimeWireField = "python_implementation" | "os_name" | "os_version" | "cuda_version" | "cpu_family" | "cpu_model" | "gpu_model" | "base_image";
const RUNTIME_FIELDS: readonly (readonly [RuntimeWireField, string])[] = [
  ["python_implementation", "implementation"], ["os_name", "osName"], ["os_version", "osVersion"], ["cuda_version", "cudaVersion"],
  ["cpu_family", "cpuFamily"], ["cpu_model", "cpuModel"], ["gpu_model", "gpuModel"], ["base_image", "baseImage"],
];

/** An Advise call as the server hands it to its handler: the request in core's input form, the scores as JSON text (parsed by the service). */
export interface AdviseCall {
  readonly input: Omit<AdviseRequestInput, "scores">;
  readonly scoresJson: string | null;
}

const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why a list of texts cannot be taken as is (`field`: core's name of its entries' list; `offset`: of its first entry there), or null. */
function listFailure(values: readonly string[], field: string, offset = 0): Failure | null {
  if (values.length > LIMITS.requirements) return invalidArgument(`at most ${LIMITS.requirements} entries, got ${values.length}`, field);
  for (let i = 0; i < values.length; i++) {
    const s = values[i];
    const at = `${field}[${i + offset}]`;
    if (typeof s !== "string" || s.trim() === "") return invalidArgument("must not be empty", at);
    if (s.length > LIMITS.requirementLength) return invalidArgument(`at most ${LIMITS.requirementLength} characters`, at);
    if (CONTROL.test(s)) return invalidArgument("must not contain control characters", at);
  }
  return null;
}

/** Why the weights map cannot be taken as is (too many entries, a name too long or with control characters), or null; the names and numbers are core's to check. */
function weightsFailure(weights: Readonly<Record<string, number>>): Failure | null {
  const names = Object.keys(weights);
  if (names.length > LIMITS.requirements) return invalidArgument(`at most ${LIMITS.requirements} entries, got ${names.length}`, "weights");
  for (const name of names) {
    if (name.length > LIMITS.requirementLength) return invalidArgument(`a name of at most ${LIMITS.requirementLength} characters, got ${name.length}`, "weights");
    if (CONTROL.test(name)) return invalidArgument(`the name ${JSON.stringify(name)} must not contain control characters`, "weights");
  }
  return null;
}

const text = (value: string | undefined): string | undefined => {
  const t = (value ?? "").trim();
  return t === "" ? undefined : t;
};

/** The advise call of a received message; a refusal names the field. */
export function adviseCallFromWire(raw: Partial<AdviseRequestWire>): Result<AdviseCall> {
  const requirements = raw.requirements ?? [];
  const constraints = raw.constraints ?? [];
  const extraIndexes = raw.extra_indexes ?? [];
  const lockedPins = raw.locked ?? [];
  const index = (raw.index ?? "").trim();
  const bad = listFailure(requirements, "requirements") ?? listFailure(constraints, "constraints") ?? listFailure(extraIndexes, "indexes", 1)
    ?? (CONTROL.test(index) ? invalidArgument("must not contain control characters", "indexes") : null)
    ?? (CONTROL.test(raw.prescriptions_path ?? "") ? invalidArgument("must not contain control characters", "prescriptionsPath") : null)
    ?? (CONTROL.test(raw.advisories_path ?? "") ? invalidArgument("must not contain control characters", "advisoriesPath") : null)
    ?? runtimeFailure(raw) ?? (lockedPins.length > MAX_LOCKED ? invalidArgument(`at most ${MAX_LOCKED} entries, got ${lockedPins.length}`, "locked") : null)
    ?? weightsFailure(raw.weights ?? {});
  if (bad !== null) return { ok: false, error: bad };
  const locked = lockedFromWire(lockedPins);
  if (!locked.ok) return locked;
  const timeout = raw.timeout_seconds ?? 0;
  if (!Number.isFinite(timeout) || timeout < 0 || timeout > LIMITS.timeoutSeconds) {
    return { ok: false, error: invalidArgument(`must be between 0 and ${LIMITS.timeoutSeconds}, got ${timeout}`, "timeoutSeconds") };
  }
  const count = raw.count ?? 0;
  if (!Number.isInteger(count) || count < 0 || count > LIMITS.count) {
    return { ok: false, error: invalidArgument(`must be an integer between 0 and ${LIMITS.count}, got ${count}`, "count") };
  }
  const inFlight = raw.in_flight ?? 0;
  if (!Number.isInteger(inFlight) || inFlight < 0) {
    return { ok: false, error: invalidArgument(`must be a whole number (0: the coordinator's default), got ${inFlight}`, "inFlight") };
  }
  const leafRollouts = raw.leaf_rollouts ?? 0;
  if (!Number.isInteger(leafRollouts) || leafRollouts < 0) {
    return { ok: false, error: invalidArgument(`must be a whole number (0: the coordinator's default), got ${leafRollouts}`, "leafRollouts") };
  }
  const budget = text(String(raw.budget ?? ""));
  const input: AdviseCall["input"] = {
    requirements: requirements.map((s) => s.trim()), constraints: constraints.map((s) => s.trim()),
    indexes: index === "" ? [] : [index, ...extraIndexes.map((s) => s.trim())], offline: raw.offline === true,
    python: text(raw.python), platform: text(raw.platform), prereleases: text(raw.prereleases),
    recommendation: text(raw.recommendation), predictor: text(raw.predictor),
    budget: budget === "0" ? undefined : budget, timeoutSeconds: timeout === 0 ? undefined : timeout, count: count === 0 ? undefined : count,
    seed: text(String(raw.seed ?? "")), advisoriesPath: text(raw.advisories_path), prescriptionsPath: text(raw.prescriptions_path),
    implementation: text(raw.python_implementation), osName: text(raw.os_name), osVersion: text(raw.os_version), cudaVersion: text(raw.cuda_version),
    cpuFamily: text(raw.cpu_family), cpuModel: text(raw.cpu_model), gpuModel: text(raw.gpu_model), baseImage: text(raw.base_image),
    ...(locked.value !== null ? { locked: locked.value } : {}),
    weights: Object.entries(raw.weights ?? {}).map(([name, weight]) => ({ name, weight })),
    ...(inFlight === 0 ? {} : { inFlight }),
    ...(leafRollouts === 0 ? {} : { leafRollouts }),
  };
  return { ok: true, value: { input, scoresJson: (raw.scores_json ?? "") === "" ? null : raw.scores_json! } };
}

/** The message of a validated request: nothing left to the coordinator's defaults but the timeout (and the batch size, its own). */
export function adviseRequestWire(request: AdviseRequest): AdviseRequestWire {
  const [index, ...extra] = request.indexes;
  const { target } = request;
  return {
    requirements: request.requirements, constraints: request.constraints, index, extra_indexes: extra,
    python: target.python, platform: target.machine ? `${target.platform}-${target.machine}` : target.platform,
    prereleases: request.prereleases, offline: request.offline, recommendation: request.recommendation, predictor: request.predictor,
    budget: String(request.budget), timeout_seconds: request.timeoutMs === null ? 0 : request.timeoutMs / 1000, count: request.count,
    seed: String(request.seed), scores_json: request.scores === null ? "" : scoresJson(request.scores.table),
    prescriptions_path: request.prescriptionsPath ?? "", advisories_path: request.advisoriesPath ?? "", weights: request.weights,
    in_flight: request.inFlight, leaf_rollouts: request.leafRollouts,
    python_implementation: target.implementation ?? "", os_name: target.os?.name ?? "", os_version: target.os?.version ?? "",
    cuda_version: target.cudaVersion ?? "", cpu_family: numberText(target.hardware?.cpuFamily), cpu_model: numberText(target.hardware?.cpuModel),
    gpu_model: target.hardware?.gpuModel ?? "", base_image: target.baseImage ?? "",
    locked: Object.entries(request.locked ?? {}).map(([name, version]) => `${name}==${version}`),
  };
}

/** The runtime environment texts: short, printable (their form is core's validation). */
function runtimeFailure(raw: Partial<AdviseRequestWire>): Failure | null {
  for (const [wire, field] of RUNTIME_FIELDS) {
    const value = String(raw[wire] ?? "");
    if (value.length > LIMITS.requirementLength) return invalidArgument(`at most ${LIMITS.requirementLength} characters`, field);
    if (CONTROL.test(value)) return invalidArgument("must not contain control characters", field);
  }
  return null;
}

/** `locked` entries, `name==version` each, as core's input (a name to version map); empty: none. */
function lockedFromWire(entries: readonly string[]): Result<Record<string, string> | null> {
  if (entries.length === 0) return { ok: true, value: null };
  const out: Record<string, string> = {};
  for (const [i, entry] of entries.entries()) {
    const m = typeof entry === "string" ? /^\s*([A-Za-z0-9._-]+)\s*===?\s*(\S+)\s*$/.exec(entry) : null;
    if (m === null) return { ok: false, error: invalidArgument(`expected "name==version", got ${JSON.stringify(entry)}`, `locked[${i}]`) };
    out[m[1]!] = m[2]!;
  }
  return { ok: true, value: out };
}

const numberText = (n: number | undefined): string => (n === undefined ? "" : String(n));

function scoresJson(table: ScoreTable): string {
  return JSON.stringify(Object.fromEntries([...table].map(([name, versions]) => [name, Object.fromEntries(versions)])));
}
