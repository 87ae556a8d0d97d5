import type { JustificationType } from "../justification/index.js";
import { child, type At, type FieldReader } from "./field-reader.js";
import { isScoreInRange, SCORE_RANGE_TEXT } from "../pipeline/score-bounds.js";
import { readPackageName } from "./read-match.js";
import { oneOf, readSpecifier } from "./read-scalar.js";
import type { DeclaredJustification, LogEntry, ManifestChange, RunBase, StackInfoEntry, StepRun } from "./unit.js";

/** What a unit does when it runs: stack info, justifications, advised manifest changes, log, not_acceptable and eager stop, a step's score. */

const JUSTIFICATION_ID = /^[a-z0-9_-]+$/;

function readMessageType(r: FieldReader, v: unknown, at: At): JustificationType | undefined {
  return oneOf<JustificationType>(r, v, at, ["INFO", "WARNING", "ERROR"]);
}

function readLink(r: FieldReader, v: unknown, at: At): string | undefined {
  const s = r.string(v, at);
  if (s === undefined) return undefined;
  if (s.startsWith("https://") || s.startsWith("http://") || JUSTIFICATION_ID.test(s)) return s;
  return r.invalid(at, `expected an http(s) URL or a justification id ([a-z0-9_-]+), got ${JSON.stringify(s)}`);
}

function readStackInfo(r: FieldReader, v: unknown, at: At): StackInfoEntry | undefined {
  const map = r.mapping(v, at);
  if (map === undefined) return undefined;
  r.onlyKeys(map, at, ["type", "message", "link"]);
  const type = readMessageType(r, r.required(map, "type", at), child(at, "type"));
  const message = r.string(r.required(map, "message", at), child(at, "message"));
  const link = readLink(r, r.required(map, "link", at), child(at, "link"));
  if (type === undefined || message === undefined || link === undefined) return undefined;
  return { type, message, link };
}

export function readJustifications(r: FieldReader, v: unknown, at: At): DeclaredJustification[] | undefined {
  return r.list(v, at, (x, a) => {
    const map = r.mapping(x, a);
    if (map === undefined) return undefined;
    r.onlyKeys(map, a, ["type", "message", "link", "package_name", "advisory", "cve_id", "cve_name", "version_range"]);
    const type = readMessageType(r, r.required(map, "type", a), child(a, "type"));
    const message = r.string(r.required(map, "message", a), child(a, "message"));
    const link = readLink(r, r.required(map, "link", a), child(a, "link"));
    const packageName = "package_name" in map ? readPackageName(r, map.package_name, child(a, "package_name")) : undefined;
    const advisory = "advisory" in map ? r.string(map.advisory, child(a, "advisory")) : undefined;
    const cveId = "cve_id" in map ? r.string(map.cve_id, child(a, "cve_id")) : undefined;
    const cveName = "cve_name" in map ? r.string(map.cve_name, child(a, "cve_name")) : undefined;
    const versionRange = "version_range" in map ? readSpecifier(r, map.version_range, child(a, "version_range")) : undefined;
    if (type === undefined || message === undefined || link === undefined) return undefined;
    return {
      type, message, link,
      ...(packageName === undefined ? {} : { package_name: packageName }),
      ...(advisory === undefined ? {} : { advisory }),
      ...(cveId === undefined ? {} : { cve_id: cveId }),
      ...(cveName === undefined ? {} : { cve_name: cveName }),
      ...(versionRange === undefined ? {} : { version_range: versionRange }),
    };
  }, 1);
}

export function readManifestChanges(r: FieldReader, v: unknown, at: At): ManifestChange[] | undefined {
  return r.list(v, at, (x, a) => {
    const map = r.mapping(x, a);
    if (map === undefined) return undefined;
    r.onlyKeys(map, a, ["apiVersion", "kind", "patch"]);
    const apiVersion = r.string(r.required(map, "apiVersion", a), child(a, "apiVersion"));
    const kind = r.string(r.required(map, "kind", a), child(a, "kind"));
    const pAt = child(a, "patch");
    const patch = r.mapping(r.required(map, "patch", a), pAt);
    if (patch === undefined || apiVersion === undefined || kind === undefined) return undefined;
    r.onlyKeys(patch, pAt, ["op", "path", "value"]);
    // The op is kept as written (the snapshot has "add,"): applying it is the consumer's business.
    const op = r.string(r.required(patch, "op", pAt), child(pAt, "op"));
    const path = r.string(r.required(patch, "path", pAt), child(pAt, "path"));
    if (op === undefined || path === undefined) return undefined;
    return { apiVersion, kind, patch: { op, path, value: patch.value ?? null } };
  }, 1);
}

/** The `run` mapping with the base fields (stack_info, log) read and the kind-specific keys allowed. */
export function readRun(r: FieldReader, v: unknown, at: At, extra: readonly string[]): { base: RunBase; map: Record<string, unknown> } | undefined {
  const map = r.mapping(v, at);
  if (map === undefined) return undefined;
  r.onlyKeys(map, at, ["stack_info", "log", ...extra]);
  const stackInfo = "stack_info" in map ? r.list(map.stack_info, child(at, "stack_info"), (x, a) => readStackInfo(r, x, a)) : [];
  let log: LogEntry | undefined;
  if ("log" in map) {
    const lAt = child(at, "log");
    const l = r.mapping(map.log, lAt);
    if (l !== undefined) {
      r.onlyKeys(l, lAt, ["type", "message"]);
      const type = readMessageType(r, r.required(l, "type", lAt), child(lAt, "type"));
      const message = r.string(r.required(l, "message", lAt), child(lAt, "message"));
      if (type !== undefined && message !== undefined) log = { type, message };
    }
  }
  if (stackInfo === undefined) return undefined;
  return { base: { stackInfo, ...(log === undefined ? {} : { log }) }, map };
}

export function stopFields(r: FieldReader, map: Record<string, unknown>, at: At): { notAcceptable?: string; eagerStopPipeline?: string } {
  const notAcceptable = "not_acceptable" in map ? r.string(map.not_acceptable, child(at, "not_acceptable")) : undefined;
  const eager = "eager_stop_pipeline" in map ? r.string(map.eager_stop_pipeline, child(at, "eager_stop_pipeline")) : undefined;
  return { ...(notAcceptable === undefined ? {} : { notAcceptable }), ...(eager === undefined ? {} : { eagerStopPipeline: eager }) };
}

export function readMulti(r: FieldReader, map: Record<string, unknown>, at: At): boolean | undefined {
  return "multi_package_resolution" in map ? r.boolean(map.multi_package_resolution, child(at, "multi_package_resolution")) : false;
}

export function readStepRun(r: FieldReader, v: unknown, at: At): StepRun | undefined {
  const run = readRun(r, v, at, ["score", "justification", "not_acceptable", "eager_stop_pipeline", "multi_package_resolution"]);
  if (run === undefined) return undefined;
  const score = "score" in run.map ? (run.map.score === null ? null : boundedScore(r, run.map.score, child(at, "score"))) : undefined;
  const justification = "justification" in run.map ? readJustifications(r, run.map.justification, child(at, "justification")) : undefined;
  const multi = readMulti(r, run.map, at);
  if (multi === undefined) return undefined;
  return {
    ...run.base,
    ...(score === undefined ? {} : { score }),
    ...(justification === undefined ? {} : { justification }),
    ...stopFields(r, run.map, at),
    multiPackageResolution: multi,
  };
}

/** A step's score: a number within the scores range (core/pipeline/score-bounds.ts). */
function boundedScore(r: FieldReader, value: unknown, at: At): number | undefined {
  const score = r.number(value, at);
  if (score === undefined || isScoreInRange(score)) return score;
  return r.invalid(at, `expected ${SCORE_RANGE_TEXT} (the scores range), got ${score}`);
}
