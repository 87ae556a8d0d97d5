import { parseSpecifier, parseVersion, specifierContains, type Specifier, type Version } from "../pep440/index.js";
import type { Environment } from "./environment.js";
import type { MarkerAtom, MarkerComparison, MarkerOperator } from "./marker.js";
import { normalizeName } from "./name.js";
import type { Result } from "../failure/index.js";

/** Why a marker could not be evaluated (packaging raises UndefinedEnvironmentName / UndefinedComparison). */
export interface MarkerEvaluationError {
  readonly kind: "undefined-variable" | "undefined-comparison";
  readonly message: string;
}

export type MarkerEvaluation = Result<boolean, MarkerEvaluationError>;

/** Variables compared as versions (when the other side is a valid specifier version). */
const VERSION_KEYS = new Set(["implementation_version", "platform_release", "python_full_version", "python_version"]);
/** Variables holding sets of names in lock files; compared after name normalization. */
const SET_KEYS = new Set(["extras", "dependency_groups"]);

/** Thrown inside the evaluator only; turned into a MarkerEvaluation failure by evaluateMarkerChecked. */
interface Undefined {
  readonly undefinedMarker: MarkerEvaluationError;
}

function undefinedMarker(error: MarkerEvaluationError): never {
  const thrown: Undefined = { undefinedMarker: error };
  throw thrown;
}

const CACHE_LIMIT = 4096;
const specifierCache = new Map<string, Specifier | null>();
const versionCache = new Map<string, Version | null>();

function cachedSpecifier(text: string): Specifier | null {
  let s = specifierCache.get(text);
  if (s === undefined) {
    const parsed = parseSpecifier(text);
    s = parsed.ok ? parsed.value : null;
    if (specifierCache.size >= CACHE_LIMIT) specifierCache.clear();
    specifierCache.set(text, s);
  }
  return s;
}

function cachedVersion(text: string): Version | null {
  let v = versionCache.get(text);
  if (v === undefined) {
    const parsed = parseVersion(text);
    v = parsed.ok ? parsed.value : null;
    if (versionCache.size >= CACHE_LIMIT) versionCache.clear();
    versionCache.set(text, v);
  }
  return v;
}

/**
 * Evaluates a marker with packaging's `Marker.evaluate(environment)` semantics (context
 * "metadata"): `extra` is the given extra (normalized), else the environment's `extra`, else "".
 * Every comparison is evaluated (as packaging does), so an undefined variable or comparison
 * anywhere is reported even when the result would be decided without it.
 */
export function evaluateMarkerChecked(m: MarkerAtom, env: Environment, extra?: string): MarkerEvaluation {
  let effectiveExtra = extra ?? (Object.prototype.hasOwnProperty.call(env, "extra") ? env["extra"]! : "");
  effectiveExtra = effectiveExtra === "" ? "" : normalizeName(effectiveExtra);
  try {
    return { ok: true, value: evaluateAtom(m, env, effectiveExtra) };
  } catch (e) {
    if (typeof e === "object" && e !== null && "undefinedMarker" in e) return { ok: false, error: (e as Undefined).undefinedMarker };
    throw e;
  }
}

/** `evaluateMarkerChecked`, with a marker that cannot be evaluated counting as false (see README.md). */
export function evaluateMarker(m: MarkerAtom, env: Environment, extra?: string): boolean {
  const r = evaluateMarkerChecked(m, env, extra);
  return r.ok && r.value;
}

function evaluateAtom(m: MarkerAtom, env: Environment, extra: string): boolean {
  if (m.kind === "compare") return evaluateComparison(m, env, extra);
  // any(all(group) for groups split at "or"), without short-circuit
  let result = false;
  let current = evaluateAtom(m.atoms[0]!, env, extra);
  for (let i = 1; i < m.atoms.length; i++) {
    const v = evaluateAtom(m.atoms[i]!, env, extra);
    if (m.ops[i - 1] === "or") {
      result = result || current;
      current = v;
    } else {
      current = current && v;
    }
  }
  return result || current;
}

function lookup(env: Environment, key: string, extra: string): string {
  if (key === "extra") return extra;
  if (!Object.prototype.hasOwnProperty.call(env, key)) {
    undefinedMarker({ kind: "undefined-variable", message: `${JSON.stringify(key)} does not exist in evaluation environment.` });
  }
  const value = env[key]!;
  // packaging's _repair_python_full_version
  if (key === "python_full_version" && value.endsWith("+")) return `${value}local`;
  return value;
}

function evaluateComparison(c: MarkerComparison, env: Environment, extra: string): boolean {
  let key: string;
  let lhs: string;
  let rhs: string;
  if (c.left.kind === "variable") {
    key = c.left.name;
    lhs = lookup(env, key, extra);
    rhs = c.right.kind === "variable" ? c.right.name : c.right.value;
  } else {
    lhs = c.left.value;
    key = c.right.kind === "variable" ? c.right.name : c.right.value;
    rhs = lookup(env, key, extra);
  }
  if (SET_KEYS.has(key)) {
    lhs = normalizeName(lhs);
    rhs = normalizeName(rhs);
  }
  return evaluateOp(lhs, c.op, rhs, key);
}

function evaluateOp(lhs: string, op: MarkerOperator, rhs: string, key: string): boolean {
  if (VERSION_KEYS.has(key)) {
    const spec = cachedSpecifier(op + rhs);
    if (spec !== null) {
      if (spec.operator === "===") return lhs.toLowerCase() === spec.version.toLowerCase();
      const v = cachedVersion(lhs);
      return v !== null && specifierContains(spec, v, true);
    }
  }
  switch (op) {
    case "in":
      return rhs.includes(lhs);
    case "not in":
      return !rhs.includes(lhs);
    case "<":
    case ">":
      return false;
    case "<=":
    case "==":
    case ">=":
      return lhs === rhs;
    case "!=":
      return lhs !== rhs;
    default:
      undefinedMarker({ kind: "undefined-comparison", message: `Undefined ${op} on ${JSON.stringify(lhs)} and ${JSON.stringify(rhs)}.` });
  }
}
