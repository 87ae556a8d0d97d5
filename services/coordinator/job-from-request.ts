import type { AdviseRequest, DomainError } from "../../adapters/grpc/index.js";
import { parseScores } from "../../adapters/scores-file/index.js";
import type { PredictorName } from "../../core/advise/index.js";
import type { Target } from "../../core/pep508/index.js";
import { ADVISE_DEFAULTS } from "../../core/advise/advise-defaults.js";
import type { AdviseJob } from "../compose/advise-job.js";

/** What a request leaves to the coordinator. */
export interface RequestDefaults {
  readonly batchSize: number;
  readonly timeoutMs: number;
}

export type JobFromRequest = { readonly ok: true; readonly value: AdviseJob } | { readonly ok: false; readonly error: DomainError };

const invalid = (field: string, message: string): JobFromRequest => ({ ok: false, error: { code: "invalid-argument", field, message: `${field}: ${message}` } });
const PLATFORMS = ["linux", "macos", "windows"] as const;

/**
 * The advise job of a validated AdviseRequest (adapters/grpc validateAdviseRequest): empty fields
 * take the defaults `maat advise` has, the timeout the coordinator's. Errors name the request field.
 */
export function jobFromRequest(request: AdviseRequest, defaults: RequestDefaults): JobFromRequest {
  const [os, machine] = (request.platform ?? ADVISE_DEFAULTS.platform).split(/-(.*)/s);
  if (!(PLATFORMS as readonly string[]).includes(os)) {
    return invalid("platform", `expected linux, macos or windows, optionally with a machine (linux-x86_64), got ${JSON.stringify(request.platform)}`);
  }
  const target: Target = { python: request.python ?? ADVISE_DEFAULTS.python, platform: os as Target["platform"], ...(machine ? { machine } : {}) };
  if (request.seed > BigInt(Number.MAX_SAFE_INTEGER)) return invalid("seed", `must be at most 2^53 - 1, got ${request.seed}`);
  let scores = null;
  if (request.scoresJson !== null) {
    const parsed = parseScores(request.scoresJson, "scores_json");
    if (!parsed.ok) return invalid("scores_json", parsed.error.replace(/^scores_json: /, ""));
    scores = { table: parsed.table, source: "scores_json" };
  }
  return {
    ok: true,
    value: {
      requirements: request.requirements, constraints: request.constraints, indexes: [request.index, ...request.extraIndexes],
      offline: request.offline, target, prereleases: request.prereleases ?? "if-necessary-or-explicit",
      recommendation: request.recommendation ?? ADVISE_DEFAULTS.recommendation,
      predictor: (request.predictor ?? ADVISE_DEFAULTS.predictor) as PredictorName,
      budget: request.budget ?? ADVISE_DEFAULTS.budget, batchSize: defaults.batchSize,
      timeoutMs: request.timeoutSeconds === null ? defaults.timeoutMs : request.timeoutSeconds * 1000,
      count: request.count ?? ADVISE_DEFAULTS.count, seed: Number(request.seed), scores,
      advisoriesPath: request.advisoriesPath, prescriptionsPath: request.prescriptionsPath,
    },
  };
}
