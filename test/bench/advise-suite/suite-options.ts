/**
 * The advise suite's options from its environment variables (`make bench-advise` passes its
 * variables of the same names with the ADVISE_ prefix): which requests, objectives, predictors,
 * budgets and seeds, and the search settings (batch size, batches in flight, leaf rollouts) that
 * default to what `maat advise` uses (ADVISE_DEFAULTS). A bad value is a RangeError naming the
 * variable and the value.
 */
import { ADVISE_DEFAULTS, ROLLOUT_PREDICTOR_NAMES, type RolloutPredictorName } from "../../../core/advise/index.js";
import { MAX_IN_FLIGHT } from "../../../core/predictor/index.js";
import { MAX_LEAF_ROLLOUTS } from "../../../core/rollout/index.js";
import { OBJECTIVES, REQUESTS } from "./instances.js";

export interface SuiteSettings {
  readonly requests: readonly string[];
  readonly objectives: readonly string[];
  /** Rollout predictors, and `auto` (the default: exact, then AUTO_LEARNER; this build only). */
  readonly predictors: readonly (RolloutPredictorName | "auto")[];
  /** Ascending. */
  readonly budgets: readonly number[];
  readonly seeds: readonly number[];
  readonly exactSeconds: number;
  /** Rollouts per batch (ADVISE_BATCH). */
  readonly batchSize: number;
  /** Batches in flight (ADVISE_IN_FLIGHT). */
  readonly inFlight: number;
  /** Rollouts per mcts or td request (ADVISE_LEAF), as `maat advise --leaf-rollouts` (with stack rules only when they travel to the runner: searchLeafRollouts). */
  readonly leafRollouts: number;
}

type Env = Readonly<Record<string, string | undefined>>;

function list(env: Env, name: string, all: readonly string[]): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return [...all];
  const picked = raw.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  for (const p of picked) if (!all.includes(p)) throw new RangeError(`${name}: ${JSON.stringify(p)} is not one of ${all.join(", ")}`);
  return picked;
}

function numbers(env: Env, name: string, fallback: readonly number[], min = 0, max = Number.MAX_SAFE_INTEGER): number[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return [...fallback];
  return raw.split(",").map((s) => {
    const n = Number(s.trim());
    if (s.trim() === "" || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new RangeError(`${name}: ${JSON.stringify(s)} is not a whole number from ${min} to ${max}`);
    }
    return n;
  });
}

/** One whole number (the first of a list is refused: a setting takes one value). */
function one(env: Env, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const values = numbers(env, name, [fallback], min, max);
  if (values.length !== 1) throw new RangeError(`${name}: takes one value, got ${JSON.stringify(env[name])}`);
  return values[0];
}

export function suiteSettings(env: Env): SuiteSettings {
  return {
    requests: list(env, "ADVISE_REQUESTS", REQUESTS.map((r) => r.name)),
    objectives: list(env, "ADVISE_OBJECTIVES", OBJECTIVES),
    predictors: list(env, "ADVISE_PREDICTORS", [...ROLLOUT_PREDICTOR_NAMES, "auto"]) as (RolloutPredictorName | "auto")[],
    budgets: numbers(env, "ADVISE_BUDGETS", [1000, 10_000, 100_000]).sort((a, b) => a - b),
    seeds: numbers(env, "ADVISE_SEEDS", [1]),
    exactSeconds: one(env, "ADVISE_EXACT_SECONDS", 20, 0),
    batchSize: one(env, "ADVISE_BATCH", ADVISE_DEFAULTS.batchSize, 1),
    inFlight: one(env, "ADVISE_IN_FLIGHT", ADVISE_DEFAULTS.inFlight, 1, MAX_IN_FLIGHT),
    leafRollouts: one(env, "ADVISE_LEAF", ADVISE_DEFAULTS.leafRollouts, 1, MAX_LEAF_ROLLOUTS),
  };
}
