import type { Result } from "../failure/index.js";
import { child, createFieldReader, type At, type FieldReader } from "./field-reader.js";
import type { PrescriptionIssue } from "./issue.js";
import { readShouldInclude } from "./read-should-include.js";
import { readUnitBody } from "./read-unit-body.js";
import type { PrescriptionUnit, UnitKind } from "./unit.js";

/** A unit in the typed model, or every issue that rejects it. */
export type UnitValidation = Result<PrescriptionUnit, readonly PrescriptionIssue[]>;

/** The unit types allowed under each `units.<kind>` list. */
const TYPES_BY_KIND: Readonly<Record<UnitKind, readonly string[]>> = {
  boot: ["boot"],
  pseudonym: ["pseudonym"],
  sieve: ["sieve", "sieve.SkipPackage"],
  step: ["step", "step.SkipPackage", "step.AddPackage", "step.Group"],
  stride: ["stride"],
  wrap: ["wrap", "wrap.GHReleaseNotes"],
};

/**
 * Validates one entry of `units.<kind>` (at `at`, e.g. `units.wraps[3]`) into the typed model.
 * Unknown keys and unit types are `unsupported` issues, broken values `invalid` ones; any issue
 * rejects the unit.
 */
export function validateUnit(raw: unknown, kind: UnitKind, file: string, at: At): UnitValidation {
  const rawName = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>).name : undefined;
  const rawType = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>).type : undefined;
  const type = typeof rawType === "string" ? rawType : kind;
  const r = createFieldReader(file, typeof rawName === "string" ? rawName : undefined, type);
  const unit = readUnit(r, raw, kind, { path: at.path, construct: "" });
  if (unit === undefined || r.issues.length > 0) {
    return { ok: false, error: r.issues.length > 0 ? r.issues : [{ file, path: at.path, reason: "invalid unit", construct: type, severity: "invalid" }] };
  }
  return { ok: true, value: unit };
}

function readUnit(r: FieldReader, raw: unknown, kind: UnitKind, at: At): PrescriptionUnit | undefined {
  const map = r.mapping(raw, at);
  if (map === undefined) return undefined;
  const name = r.string(r.required(map, "name", at), child(at, "name"));
  const type = r.string(r.required(map, "type", at), child(at, "type"));
  if (name === undefined || type === undefined) return undefined;
  if (!TYPES_BY_KIND[kind].includes(type)) {
    const known = Object.values(TYPES_BY_KIND).flat();
    if (known.includes(type)) return r.invalid(child(at, "type"), `unit type ${JSON.stringify(type)} does not belong under ${kind}s`);
    return r.unsupported({ path: child(at, "type").path, construct: "" }, `unsupported unit type ${JSON.stringify(type)} under ${kind}s (known: ${TYPES_BY_KIND[kind].join(", ")})`);
  }
  const runRequired = !["sieve", "sieve.SkipPackage", "step.SkipPackage"].includes(type);
  const matchRequired = !["boot", "wrap"].includes(type);
  r.onlyKeys(map, at, ["name", "type", "should_include", "match", "run", "metadata"]);
  const shouldInclude = readShouldInclude(r, r.required(map, "should_include", at), child(at, "should_include"));
  const metadata = "metadata" in map ? readMetadata(r, map.metadata, child(at, "metadata")) : undefined;
  const matchAt = child(at, "match");
  const runAt = child(at, "run");
  const rawMatch = matchRequired ? r.required(map, "match", at) : map.match;
  const rawRun = runRequired ? r.required(map, "run", at) : (map.run ?? {});
  if (shouldInclude === undefined) return undefined;
  const head = { name, shouldInclude, ...(metadata === undefined ? {} : { metadata }) };

  return readUnitBody(r, type, head, { match: rawMatch, run: rawRun }, { match: matchAt, run: runAt });
}

function readMetadata(r: FieldReader, v: unknown, at: At): Record<string, string | number | boolean | null> | undefined {
  const map = r.mapping(v, at);
  if (map === undefined) return undefined;
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, x] of Object.entries(map)) {
    if (x === null || typeof x === "string" || typeof x === "number" || typeof x === "boolean") out[k] = x;
    else if (x instanceof Date) out[k] = x.toISOString();
    else r.invalid(child(at, k), "expected a scalar metadata value");
  }
  return out;
}
