import { invalidArgument, type Result } from "../failure/index.js";
import { isWeightInRange, OBJECTIVE_GROUPS, parseWeightFlag, WEIGHT_RANGE_TEXT, type ScoreTable } from "../pipeline/index.js";
import { RECOMMENDATION_TYPES, type RecommendationType } from "../prescription/index.js";
import { validateResolveRequest, type ResolveRequest, type ResolveRequestInput } from "../request/index.js";
import { ADVISE_DEFAULTS } from "./advise-defaults.js";
import { PREDICTOR_NAMES, type PredictorName } from "./predictor-choice.js";
import { MAX_IN_FLIGHT } from "../predictor/index.js";
import { MAX_LEAF_ROLLOUTS } from "../rollout/index.js";

/** User scores and where they came from (a file path, or the request field), for messages. */
export interface ScoreSource {
  readonly table: ScoreTable;
  readonly source: string;
  /** True when the table may name packages outside the closure (maat update's objective): they are ignored, not refused. */
  readonly partial?: boolean;
}

/** One advise, validated and typed: everything that decides its report (glossary: advise request). */
export interface AdviseRequest extends ResolveRequest {
  readonly recommendation: RecommendationType;
  readonly predictor: PredictorName;
  /** Stacks scored allowed. */
  readonly budget: number;
  /** Rollouts per batch: the search's rounds, so part of what decides the report. */
  readonly batchSize: number;
  /** Batches in flight (pipelining, runSearch's inFlight): part of what decides the report, like the batch size. */
  readonly inFlight: number;
  /** Leaf parallelism: rollouts per mcts or td request (1 to MAX_LEAF_ROLLOUTS); part of what decides the report. */
  readonly leafRollouts: number;
  /** The search stops at the first batch boundary this long after it started; null: no limit. */
  readonly timeoutMs: number | null;
  /** Stacks returned. */
  readonly count: number;
  readonly seed: number;
  readonly scores: ScoreSource | null;
  readonly advisoriesPath: string | null;
  readonly prescriptionsPath: string | null;
  /**
   * The search objective: a weight per term (a scoring unit's name as the score breakdown prints
   * it, a step.Group, or a group: recency, advisories, scores, prescriptions), each a finite number
   * >= 0 (0 removes the term); a term not named weighs 1. Names are checked against the request's
   * units by planAdvise (objectiveWeights), once the knowledge is loaded. Empty: every weight 1.
   */
  readonly weights: Readonly<Record<string, number>>;
}

/**
 * One objective weight as a front end received it: `NAME=W` as typed on a command line (`--weight`),
 * or a name and its weight (a gRPC map entry, a number, or text).
 */
export type WeightInput = string | { readonly name: string; readonly weight: string | number };

/**
 * An advise request as a front end hands it over: numbers as the text or number it received (so
 * messages quote what was given), scores already read (a file or a request field), absent fields
 * take ADVISE_DEFAULTS. The property names are the field names failures give (`timeoutSeconds`,
 * `advisoriesPath`, `requirements[1]`).
 */
export interface AdviseRequestInput extends ResolveRequestInput {
  readonly recommendation?: string;
  readonly predictor?: string;
  readonly budget?: string | number;
  /** Batches in flight, 1 to MAX_IN_FLIGHT; absent: the settings' (ADVISE_DEFAULTS.inFlight). */
  readonly inFlight?: string | number;
  /** Rollouts per request, 1 to MAX_LEAF_ROLLOUTS; absent: the settings' (ADVISE_DEFAULTS.leafRollouts). */
  readonly leafRollouts?: string | number;
  readonly timeoutSeconds?: string | number;
  readonly count?: string | number;
  readonly seed?: string | number | bigint;
  readonly scores?: ScoreSource;
  readonly advisoriesPath?: string;
  readonly prescriptionsPath?: string;
  readonly weights?: readonly WeightInput[];
}

/** What the side that runs the advise decides: its batch size, and the timeout and batches in flight of a request that sets none. */
export interface AdviseSettings {
  readonly batchSize: number;
  readonly timeoutMs: number | null;
  /** Default ADVISE_DEFAULTS.inFlight. */
  readonly inFlight?: number;
  /** Default ADVISE_DEFAULTS.leafRollouts. */
  readonly leafRollouts?: number;
}

const EMBEDDED: AdviseSettings = { batchSize: ADVISE_DEFAULTS.batchSize, timeoutMs: null };

/** Validates an advise request once: every refusal is an invalid-argument failure naming the field. */
export function validateAdviseRequest(input: AdviseRequestInput, settings: AdviseSettings = EMBEDDED): Result<AdviseRequest> {
  const base = validateResolveRequest(input);
  if (!base.ok) return base;
  const recommendation = input.recommendation ?? ADVISE_DEFAULTS.recommendation;
  if (!(RECOMMENDATION_TYPES as readonly string[]).includes(recommendation)) {
    return refuse(`expected ${RECOMMENDATION_TYPES.join(", ")}, got ${JSON.stringify(recommendation)}`, "recommendation");
  }
  const predictor = input.predictor ?? ADVISE_DEFAULTS.predictor;
  if (!(PREDICTOR_NAMES as readonly string[]).includes(predictor)) {
    return refuse(`expected ${PREDICTOR_NAMES.join(", ")}, got ${JSON.stringify(predictor)}`, "predictor");
  }
  const budget = wholeNumber(input.budget, ADVISE_DEFAULTS.budget, 1, "budget");
  if (!budget.ok) return budget;
  const count = wholeNumber(input.count, ADVISE_DEFAULTS.count, 1, "count");
  if (!count.ok) return count;
  const inFlight = wholeNumber(input.inFlight, settings.inFlight ?? ADVISE_DEFAULTS.inFlight, 1, "inFlight");
  if (!inFlight.ok) return inFlight;
  if (inFlight.value > MAX_IN_FLIGHT) return refuse(`must be at most ${MAX_IN_FLIGHT}, got ${inFlight.value}`, "inFlight");
  const leafRollouts = wholeNumber(input.leafRollouts, settings.leafRollouts ?? ADVISE_DEFAULTS.leafRollouts, 1, "leafRollouts");
  if (!leafRollouts.ok) return leafRollouts;
  if (leafRollouts.value > MAX_LEAF_ROLLOUTS) return refuse(`must be at most ${MAX_LEAF_ROLLOUTS}, got ${leafRollouts.value}`, "leafRollouts");
  const seed = wholeNumber(input.seed, ADVISE_DEFAULTS.seed, 0, "seed");
  if (!seed.ok) return seed;
  let timeoutMs = settings.timeoutMs;
  if (input.timeoutSeconds !== undefined) {
    const t = typeof input.timeoutSeconds === "number" ? input.timeoutSeconds : input.timeoutSeconds.trim() === "" ? NaN : Number(input.timeoutSeconds);
    if (!Number.isFinite(t) || t <= 0) return refuse(`expected a number of seconds greater than 0, got ${quoted(input.timeoutSeconds)}`, "timeoutSeconds");
    timeoutMs = t * 1000;
  }
  const weights = validWeights(input.weights ?? []);
  if (!weights.ok) return weights;
  return {
    ok: true,
    value: {
      ...base.value,
      recommendation: recommendation as RecommendationType, predictor: predictor as PredictorName,
      budget: budget.value, batchSize: settings.batchSize, inFlight: inFlight.value, leafRollouts: leafRollouts.value, timeoutMs, count: count.value, seed: seed.value,
      scores: input.scores ?? null, advisoriesPath: input.advisoriesPath ?? null, prescriptionsPath: input.prescriptionsPath ?? null,
      weights: weights.value,
    },
  };
}

/** The names a weight may use besides the request's own scoring units (known only once its knowledge is loaded). */
const VALID_NAMES = `valid names: groups ${OBJECTIVE_GROUPS.join(", ")}, and the request's scoring units as the score breakdown names them`;

/**
 * The weights of a request, by name in the order given: each `NAME=W` text parsed, each weight a
 * finite number from 0 to MAX_WEIGHT, no name twice. Whether a name is a term of this request's objective is
 * planAdvise's check (it needs the units).
 */
function validWeights(entries: readonly WeightInput[]): Result<Readonly<Record<string, number>>> {
  const weights = new Map<string, number>();
  for (const entry of entries) {
    let name: string;
    let weight: number;
    if (typeof entry === "string") {
      const parsed = parseWeightFlag(entry);
      if (!parsed.ok) return refuse(`${parsed.error}; ${VALID_NAMES}`, "weights");
      ({ name, weight } = parsed.value);
    } else {
      name = entry.name.trim();
      const raw = entry.weight;
      weight = typeof raw === "number" ? raw : raw.trim() === "" ? NaN : Number(raw);
      if (name === "") return refuse(`a weight needs the name of a term; ${VALID_NAMES}`, "weights");
      if (!isWeightInRange(weight)) {
        return refuse(`the weight of ${JSON.stringify(name)} must be ${WEIGHT_RANGE_TEXT}, got ${quoted(raw)}; ${VALID_NAMES}`, "weights");
      }
    }
    if (weights.has(name)) return refuse(`${JSON.stringify(name)} is given twice`, "weights");
    weights.set(name, weight);
  }
  return { ok: true, value: Object.freeze(Object.fromEntries(weights)) };
}

/** A whole number from `min` (0 or 1) up to 2^53 - 1, given as text, a number or a bigint. */
function wholeNumber(value: string | number | bigint | undefined, fallback: number, min: 0 | 1, field: string): Result<number> {
  if (value === undefined) return { ok: true, value: fallback };
  const text = String(value).trim();
  if (!/^\d+$/.test(text) || Number(text) < min) {
    return refuse(`expected a whole number ${min === 0 ? "from 0" : "greater than 0"}, got ${quoted(value)}`, field);
  }
  if (BigInt(text) > BigInt(Number.MAX_SAFE_INTEGER)) return refuse(`must be at most 2^53 - 1, got ${text}`, field);
  return { ok: true, value: Number(text) };
}

const quoted = (value: string | number | bigint): string => (typeof value === "string" ? JSON.stringify(value) : String(value));

function refuse<T>(message: string, field: string): Result<T> {
  return { ok: false, error: invalidArgument(message, field) };
}
