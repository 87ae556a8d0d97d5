import type { Result } from "../failure/index.js";
import type { PipelineUnit } from "./unit.js";
import { isWeightInRange, WEIGHT_RANGE_TEXT } from "./score-bounds.js";

/** The groups of objective terms a weight may name besides a unit. */
export const OBJECTIVE_GROUPS = ["recency", "advisories", "scores", "prescriptions"] as const;
export type ObjectiveGroup = (typeof OBJECTIVE_GROUPS)[number];

/** A unit as the objective sees it: its name, its group (when it has one) and its step.Group (state steps). */
export interface WeightedUnit {
  readonly name: string;
  readonly term?: ObjectiveGroup;
  readonly group?: string;
}

/**
 * The weights of one request's objective (glossary: objective, term, weight), validated against
 * its units. A unit's weight is the one given for its name, else for its step.Group (state steps
 * of a Thoth step.Group), else for its group (`term`), else 1.
 */
export interface ObjectiveWeights {
  /** The weights as given (validated), by name, sorted by name. */
  readonly given: Readonly<Record<string, number>>;
  /** True when every weight is 1 (nothing to apply). */
  readonly identity: boolean;
  weightOf(unit: WeightedUnit): number;
  /** The weights in effect for the report: every group, then every unit name given, sorted by name. */
  inEffect(): Readonly<Record<string, number>>;
}

export type WeightError =
  | { readonly kind: "unknown-term"; readonly name: string; readonly valid: ObjectiveTermNames }
  | { readonly kind: "invalid-weight"; readonly name: string; readonly weight: number; readonly valid: ObjectiveTermNames };

/** The names a weight may use: the groups, and the scoring units of the request (built-in ones and prescriptions apart). */
export interface ObjectiveTermNames {
  readonly groups: readonly ObjectiveGroup[];
  /** Scoring units that are not prescriptions (built-in, user's), sorted. */
  readonly units: readonly string[];
  /** Scoring prescription units and the step.Group names of their state steps, sorted. */
  readonly prescriptions: readonly string[];
}

export type ObjectiveWeightsOutcome = Result<ObjectiveWeights, WeightError>;

/** Every weight 1: the pipeline's scores as its units give them. */
export const UNWEIGHTED: ObjectiveWeights = createWeights({});

/**
 * Validates weights (name -> finite number from 0 to MAX_WEIGHT; 0 removes the term) against the units of a
 * request: a name must be a group of OBJECTIVE_GROUPS, or the name of a unit that scores (a step
 * of scope candidate or state), or the step.Group of state steps. An unknown name or a bad number
 * is an error carrying every valid name.
 */
export function objectiveWeights(units: readonly PipelineUnit[], weights: Readonly<Record<string, number>> | ReadonlyMap<string, number>): ObjectiveWeightsOutcome {
  const entries = weights instanceof Map ? [...weights.entries()] : Object.entries(weights as Readonly<Record<string, number>>);
  if (entries.length === 0) return { ok: true, value: UNWEIGHTED };
  const names = objectiveTermNames(units);
  const known = new Set<string>([...names.groups, ...names.units, ...names.prescriptions]);
  for (const [name, weight] of entries) {
    if (!known.has(name)) return { ok: false, error: { kind: "unknown-term", name, valid: names } };
    if (typeof weight !== "number" || !isWeightInRange(weight)) return { ok: false, error: { kind: "invalid-weight", name, weight, valid: names } };
  }
  return { ok: true, value: createWeights(Object.fromEntries(entries)) };
}

/** The names objectiveWeights accepts for these units. */
export function objectiveTermNames(units: readonly PipelineUnit[]): ObjectiveTermNames {
  const own = new Set<string>();
  const prescriptions = new Set<string>();
  for (const u of units) {
    if (u.kind !== "step" || (u.scope !== "candidate" && u.scope !== "state")) continue;
    const into = u.term === "prescriptions" ? prescriptions : own;
    into.add(u.name);
    if (u.scope === "state" && u.group !== undefined) into.add(u.group);
  }
  return { groups: OBJECTIVE_GROUPS, units: [...own].sort(), prescriptions: [...prescriptions].sort() };
}

/** How many prescription names an error message lists before it says how many more there are. */
const LISTED_PRESCRIPTIONS = 20;

/** One line saying what is wrong and which names are valid (prescription names beyond the first 20 are counted, not listed). */
export function weightErrorText(error: WeightError): string {
  const v = error.valid;
  const shown = v.prescriptions.slice(0, LISTED_PRESCRIPTIONS);
  const more = v.prescriptions.length - shown.length;
  const list = [
    `groups ${v.groups.join(", ")}`,
    ...(v.units.length > 0 ? [`units ${v.units.join(", ")}`] : []),
    ...(v.prescriptions.length > 0 ? [`prescription units ${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""}`] : []),
  ].join("; ");
  const what = error.kind === "unknown-term"
    ? `${JSON.stringify(error.name)} is not a term of the objective`
    : `the weight of ${JSON.stringify(error.name)} must be ${WEIGHT_RANGE_TEXT}, got ${error.weight}`;
  return `${what}; valid names: ${list}`;
}

/**
 * Parses one `NAME=W` flag value (the CLI's `--weight`): the name and the number, or what is
 * wrong with the text. The name is checked later, against the request's units (objectiveWeights).
 */
export function parseWeightFlag(text: string): Result<{ readonly name: string; readonly weight: number }, string> {
  const at = text.lastIndexOf("=");
  if (at <= 0) return { ok: false, error: `expected NAME=W (a term of the objective and a number >= 0), got ${JSON.stringify(text)}` };
  const name = text.slice(0, at).trim();
  const raw = text.slice(at + 1).trim();
  const weight = raw === "" ? NaN : Number(raw);
  if (name === "") return { ok: false, error: `expected NAME=W, the name is empty in ${JSON.stringify(text)}` };
  if (!isWeightInRange(weight)) return { ok: false, error: `the weight of ${JSON.stringify(name)} must be ${WEIGHT_RANGE_TEXT}, got ${JSON.stringify(raw)}` };
  return { ok: true, value: { name, weight } };
}

function createWeights(given: Readonly<Record<string, number>>): ObjectiveWeights {
  const sorted = Object.fromEntries(Object.entries(given).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const map = new Map(Object.entries(sorted));
  const identity = [...map.values()].every((w) => w === 1);
  return {
    given: Object.freeze(sorted),
    identity,
    weightOf(unit) {
      return map.get(unit.name) ?? (unit.group !== undefined ? map.get(unit.group) : undefined) ?? (unit.term !== undefined ? map.get(unit.term) : undefined) ?? 1;
    },
    inEffect() {
      const out: Record<string, number> = {};
      for (const g of OBJECTIVE_GROUPS) out[g] = map.get(g) ?? 1;
      for (const [name, w] of map) if (!(OBJECTIVE_GROUPS as readonly string[]).includes(name)) out[name] = w;
      return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    },
  };
}
