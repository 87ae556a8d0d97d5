/**
 * Validation of an AdviseRequest as it arrives: every refusal is an invalid-argument error naming
 * the field (`requirements[1]`, `seed`) and the constraint. Only the shape is checked here; PEP 508
 * parsing, index reachability and file contents are the service's business.
 */
import type { AdviseRequestWire } from "./adviser-messages.js";
import type { DomainError } from "./grpc-status.js";

export const RECOMMENDATIONS = ["latest", "stable", "performance", "security", "testing"] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];
export const PRERELEASE_POLICIES = ["allow", "disallow", "if-necessary", "if-necessary-or-explicit"] as const;
export type PrereleasePolicyName = (typeof PRERELEASE_POLICIES)[number];

export const LIMITS = { requirements: 1_000, requirementLength: 1_000, count: 1_000, timeoutSeconds: 86_400 } as const;

/** A request that passed validation; null means "the coordinator's default". */
export interface AdviseRequest {
  readonly requirements: readonly string[];
  readonly constraints: readonly string[];
  readonly index: string;
  /** More index URLs after `index`. */
  readonly extraIndexes: readonly string[];
  readonly offline: boolean;
  readonly prereleases: PrereleasePolicyName | null;
  readonly python: string | null;
  readonly platform: string | null;
  readonly recommendation: Recommendation | null;
  readonly predictor: string | null;
  readonly budget: number | null;
  readonly timeoutSeconds: number | null;
  readonly count: number | null;
  readonly seed: bigint;
  /** Parsed scores file content, or null. */
  readonly scores: unknown;
  /** The scores file content as sent (for messages with positions), or null. */
  readonly scoresJson: string | null;
  readonly prescriptionsPath: string | null;
  readonly advisoriesPath: string | null;
}

export type Validated = { readonly ok: true; readonly value: AdviseRequest } | { readonly ok: false; readonly error: DomainError };

const invalid = (field: string, message: string): Validated => ({ ok: false, error: { code: "invalid-argument", field, message: `${field}: ${message}` } });
const CONTROL = /[\u0000-\u001f\u007f]/;
const UINT64_MAX = (1n << 64n) - 1n;

function strings(values: readonly string[] | undefined, field: string, required: boolean): Validated | readonly string[] {
  const list = values ?? [];
  if (required && list.length === 0) return invalid(field, "at least one requirement is needed");
  if (list.length > LIMITS.requirements) return invalid(field, `at most ${LIMITS.requirements} entries, got ${list.length}`);
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (typeof s !== "string" || s.trim() === "") return invalid(`${field}[${i}]`, "must not be empty");
    if (s.length > LIMITS.requirementLength) return invalid(`${field}[${i}]`, `at most ${LIMITS.requirementLength} characters`);
    if (CONTROL.test(s)) return invalid(`${field}[${i}]`, "must not contain control characters");
  }
  return list.map((s) => s.trim());
}

function uint64(value: string | number | undefined, field: string): bigint | Validated {
  const text = String(value ?? "0");
  if (!/^\d{1,20}$/.test(text)) return invalid(field, `must be an unsigned 64-bit integer, got ${JSON.stringify(text)}`);
  const n = BigInt(text);
  return n > UINT64_MAX ? invalid(field, "exceeds 2^64 - 1") : n;
}

const isFailure = (x: unknown): x is Validated => typeof x === "object" && x !== null && "ok" in x;

/** `predictors`: the names ListPredictors answers; a non-empty `predictor` must be one. */
export function validateAdviseRequest(raw: Partial<AdviseRequestWire>, predictors: readonly string[]): Validated {
  const requirements = strings(raw.requirements, "requirements", true);
  if (isFailure(requirements)) return requirements;
  const constraints = strings(raw.constraints, "constraints", false);
  if (isFailure(constraints)) return constraints;

  const index = (raw.index ?? "").trim();
  if (index === "") return invalid("index", "an index URL or snapshot path is required");
  if (CONTROL.test(index)) return invalid("index", "must not contain control characters");
  const extraIndexes = strings(raw.extra_indexes, "extra_indexes", false);
  if (isFailure(extraIndexes)) return extraIndexes;
  const prereleases = (raw.prereleases ?? "").trim();
  if (prereleases !== "" && !(PRERELEASE_POLICIES as readonly string[]).includes(prereleases)) {
    return invalid("prereleases", `must be one of ${PRERELEASE_POLICIES.join(", ")}, got ${JSON.stringify(prereleases)}`);
  }

  const python = (raw.python ?? "").trim();
  if (python !== "" && !/^3\.\d{1,2}(\.\d{1,3})?$/.test(python)) return invalid("python", `must look like 3.8 or 3.11.4, got ${JSON.stringify(python)}`);
  const platform = (raw.platform ?? "").trim();
  if (platform !== "" && !/^[A-Za-z0-9_.-]{1,64}$/.test(platform)) return invalid("platform", `must be letters, digits, _ . - (e.g. linux-x86_64), got ${JSON.stringify(platform)}`);

  const recommendation = (raw.recommendation ?? "").trim();
  if (recommendation !== "" && !(RECOMMENDATIONS as readonly string[]).includes(recommendation)) {
    return invalid("recommendation", `must be one of ${RECOMMENDATIONS.join(", ")}, got ${JSON.stringify(recommendation)}`);
  }
  const predictor = (raw.predictor ?? "").trim();
  if (predictor !== "" && !predictors.includes(predictor)) return invalid("predictor", `unknown predictor ${JSON.stringify(predictor)}; known: ${predictors.join(", ")}`);

  const budget = uint64(raw.budget, "budget");
  if (isFailure(budget)) return budget;
  if (budget > BigInt(Number.MAX_SAFE_INTEGER)) return invalid("budget", "must be at most 2^53 - 1");
  const seed = uint64(raw.seed, "seed");
  if (isFailure(seed)) return seed;

  const timeout = raw.timeout_seconds ?? 0;
  if (!Number.isFinite(timeout) || timeout < 0 || timeout > LIMITS.timeoutSeconds) return invalid("timeout_seconds", `must be between 0 and ${LIMITS.timeoutSeconds}, got ${timeout}`);
  const count = raw.count ?? 0;
  if (!Number.isInteger(count) || count < 0 || count > LIMITS.count) return invalid("count", `must be an integer between 0 and ${LIMITS.count}, got ${count}`);

  let scores: unknown = null;
  if ((raw.scores_json ?? "") !== "") {
    try {
      scores = JSON.parse(raw.scores_json as string);
    } catch (e) {
      return invalid("scores_json", `is not JSON (${(e as Error).message})`);
    }
  }
  for (const field of ["prescriptions_path", "advisories_path"] as const) {
    if (CONTROL.test(raw[field] ?? "")) return invalid(field, "must not contain control characters");
  }
  const orNull = (s: string) => (s === "" ? null : s);
  return {
    ok: true,
    value: {
      requirements, constraints, index, extraIndexes, offline: raw.offline === true,
      prereleases: prereleases === "" ? null : (prereleases as PrereleasePolicyName), python: orNull(python), platform: orNull(platform),
      recommendation: recommendation === "" ? null : (recommendation as Recommendation), predictor: orNull(predictor),
      budget: budget === 0n ? null : Number(budget), timeoutSeconds: timeout === 0 ? null : timeout, count: count === 0 ? null : count,
      seed, scores, scoresJson: orNull(raw.scores_json ?? ""), prescriptionsPath: orNull(raw.prescriptions_path ?? ""), advisoriesPath: orNull(raw.advisories_path ?? ""),
    },
  };
}
