import type { JustificationType } from "../justification/index.js";
import { normalizeName } from "../pep508/index.js";
import { child, createFieldReader, type At, type FieldReader } from "./field-reader.js";
import type { PrescriptionIssue } from "./issue.js";
import {
  DECISION_TYPES,
  RECOMMENDATION_TYPES,
  type DecisionType,
  type HardwareCondition,
  type IndexUrlCondition,
  type LockedPackageVersion,
  type LogEntry,
  type ManifestChange,
  type DeclaredJustification,
  type PackageVersionMatch,
  type PrescriptionUnit,
  type PythonPackageCondition,
  type RecommendationType,
  type RpmPackageCondition,
  type RunBase,
  type RuntimeEnvironmentCondition,
  type ShouldInclude,
  type SoftwareVersionCondition,
  type StackInfoEntry,
  type StateMatch,
  type StepMatch,
  type StepRun,
  type UnitKind,
} from "./unit.js";

export type UnitValidation =
  | { readonly ok: true; readonly unit: PrescriptionUnit }
  | { readonly ok: false; readonly issues: readonly PrescriptionIssue[] };

/** The unit types allowed under each `units.<kind>` list. */
const TYPES_BY_KIND: Readonly<Record<UnitKind, readonly string[]>> = {
  boot: ["boot"],
  pseudonym: ["pseudonym"],
  sieve: ["sieve", "sieve.SkipPackage"],
  step: ["step", "step.SkipPackage", "step.AddPackage", "step.Group"],
  stride: ["stride"],
  wrap: ["wrap", "wrap.GHReleaseNotes"],
};

const NORMALIZED_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const JUSTIFICATION_ID = /^[a-z0-9_-]+$/;
const SPECIFIER_CHARS = /^[\s0-9A-Za-z.*+!<>=~,_-]+$/;

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
    return { ok: false, issues: r.issues.length > 0 ? r.issues : [{ file, path: at.path, reason: "invalid unit", construct: type, severity: "invalid" }] };
  }
  return { ok: true, unit };
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

  switch (type) {
    case "boot": {
      const match = rawMatch === undefined ? undefined : r.oneOrList(rawMatch, matchAt, (v, a) => readPackageNameEntry(r, v, a));
      const run = readRun(r, rawRun, runAt, ["not_acceptable", "eager_stop_pipeline"]);
      if (run === undefined || (rawMatch !== undefined && match === undefined)) return undefined;
      return { kind: "boot", type, ...head, ...(match === undefined ? {} : { match }), run: { ...run.base, ...stopFields(r, run.map, runAt) } };
    }
    case "pseudonym": {
      const match = r.oneOrList(rawMatch, matchAt, (v, a) => readPackageVersionEntry(r, v, a, true));
      const run = readRun(r, rawRun, runAt, ["yield"]);
      if (match === undefined || run === undefined) return undefined;
      const yieldAt = child(runAt, "yield");
      const y = r.mapping(r.required(run.map, "yield", runAt), yieldAt);
      if (y === undefined) return undefined;
      r.onlyKeys(y, yieldAt, ["yield_matched_version", "package_version"]);
      const yieldMatchedVersion = "yield_matched_version" in y ? r.boolean(y.yield_matched_version, child(yieldAt, "yield_matched_version")) : false;
      const packageVersion = readLockedPackageVersion(r, r.required(y, "package_version", yieldAt), child(yieldAt, "package_version"));
      if (packageVersion === undefined || yieldMatchedVersion === undefined) return undefined;
      return {
        kind: "pseudonym", type, ...head,
        match: match as { packageVersion: PackageVersionMatch & { name: string } }[],
        run: { ...run.base, yield: { yieldMatchedVersion, packageVersion } },
      };
    }
    case "sieve": {
      const match = r.oneOrList(rawMatch, matchAt, (v, a) => readPackageVersionEntry(r, v, a, false));
      const run = readRun(r, rawRun, runAt, []);
      if (match === undefined || run === undefined) return undefined;
      return { kind: "sieve", type, ...head, match, run: run.base };
    }
    case "sieve.SkipPackage": {
      const match = r.oneOrList(rawMatch, matchAt, (v, a) => readPackageNameEntry(r, v, a));
      const run = readRun(r, rawRun, runAt, []);
      if (match === undefined || run === undefined) return undefined;
      return { kind: "sieve", type, ...head, match, run: run.base };
    }
    case "step": {
      const match = r.oneOrList(rawMatch, matchAt, (v, a) => readStepMatch(r, v, a));
      const run = readStepRun(r, rawRun, runAt);
      if (match === undefined || run === undefined) return undefined;
      return { kind: "step", type, ...head, match, run };
    }
    case "step.SkipPackage": {
      const entry = readStepMatch(r, rawMatch, matchAt);
      const run = readRun(r, rawRun, runAt, ["multi_package_resolution"]);
      if (entry === undefined || run === undefined) return undefined;
      const multi = readMulti(r, run.map, runAt);
      if (multi === undefined) return undefined;
      return { kind: "step", type, ...head, match: [entry], run: { ...run.base, multiPackageResolution: multi } };
    }
    case "step.AddPackage": {
      const match = r.oneOrList(rawMatch, matchAt, (v, a) => readStepMatch(r, v, a));
      const run = readRun(r, rawRun, runAt, ["multi_package_resolution", "package_version"]);
      if (match === undefined || run === undefined) return undefined;
      const multi = readMulti(r, run.map, runAt);
      const pvAt = child(runAt, "package_version");
      const pv = r.mapping(r.required(run.map, "package_version", runAt), pvAt);
      if (pv === undefined || multi === undefined) return undefined;
      r.onlyKeys(pv, pvAt, ["name", "locked_version", "index_url", "develop"]);
      const name = readPackageName(r, r.required(pv, "name", pvAt), child(pvAt, "name"));
      const lockedVersion = readLockedVersion(r, r.required(pv, "locked_version", pvAt), child(pvAt, "locked_version"));
      const indexUrl = r.string(r.required(pv, "index_url", pvAt), child(pvAt, "index_url"));
      const develop = r.boolean(r.required(pv, "develop", pvAt), child(pvAt, "develop"));
      if (name === undefined || typeof lockedVersion !== "string" || indexUrl === undefined || develop === undefined) return undefined;
      return { kind: "step", type, ...head, match, run: { ...run.base, multiPackageResolution: multi, packageVersion: { name, lockedVersion, indexUrl, develop } } };
    }
    case "step.Group": {
      const match = r.oneOrList(rawMatch, matchAt, (v, a) => {
        const m = r.mapping(v, a);
        if (m === undefined) return undefined;
        r.onlyKeys(m, a, ["group"]);
        const group = r.list(r.required(m, "group", a), child(a, "group"), (g, ga) => readPackageVersionEntry(r, g, ga, true), 2);
        return group === undefined ? undefined : { group: group as { packageVersion: PackageVersionMatch & { name: string } }[] };
      });
      const run = readStepRun(r, rawRun, runAt);
      if (match === undefined || run === undefined) return undefined;
      return { kind: "step", type, ...head, match, run: { ...run, multiPackageResolution: true } };
    }
    case "stride": {
      const match = r.oneOrList(rawMatch, matchAt, (v, a) => readResolvedState(r, v, a, true, false));
      const run = readRun(r, rawRun, runAt, ["not_acceptable", "eager_stop_pipeline"]);
      if (match === undefined || run === undefined) return undefined;
      return { kind: "stride", type, ...head, match: match as { state: { resolvedDependencies: PackageVersionMatch[] } }[], run: { ...run.base, ...stopFields(r, run.map, runAt) } };
    }
    case "wrap": {
      const match = rawMatch === undefined ? undefined : r.oneOrList(rawMatch, matchAt, (v, a) => readResolvedState(r, v, a, false, false));
      const run = readRun(r, rawRun, runAt, ["justification", "advised_manifest_changes"]);
      if (run === undefined || (rawMatch !== undefined && match === undefined)) return undefined;
      const justification = "justification" in run.map ? readJustifications(r, run.map.justification, child(runAt, "justification")) : undefined;
      const changes = "advised_manifest_changes" in run.map ? readManifestChanges(r, run.map.advised_manifest_changes, child(runAt, "advised_manifest_changes")) : undefined;
      return {
        kind: "wrap", type, ...head,
        ...(match === undefined ? {} : { match: match as { state?: { resolvedDependencies: PackageVersionMatch[] } }[] }),
        run: { ...run.base, ...(justification === undefined ? {} : { justification }), ...(changes === undefined ? {} : { advisedManifestChanges: changes }) },
      };
    }
    case "wrap.GHReleaseNotes": {
      const match = r.oneOrList(rawMatch, matchAt, (v, a) => readResolvedState(r, v, a, true, true));
      const run = r.mapping(rawRun, runAt);
      if (match === undefined || run === undefined) return undefined;
      r.onlyKeys(run, runAt, ["release_notes"]);
      const rnAt = child(runAt, "release_notes");
      const rn = r.mapping(r.required(run, "release_notes", runAt), rnAt);
      if (rn === undefined) return undefined;
      r.onlyKeys(rn, rnAt, ["organization", "repository", "tag_version_prefix"]);
      const organization = r.string(r.required(rn, "organization", rnAt), child(rnAt, "organization"));
      const repository = r.string(r.required(rn, "repository", rnAt), child(rnAt, "repository"));
      const prefix = "tag_version_prefix" in rn ? r.string(rn.tag_version_prefix, child(rnAt, "tag_version_prefix")) : undefined;
      if (organization === undefined || repository === undefined) return undefined;
      return {
        kind: "wrap", type, ...head,
        match: match as { state: { resolvedDependencies: [PackageVersionMatch & { name: string }] } }[],
        run: { releaseNotes: { organization, repository, ...(prefix === undefined ? {} : { tagVersionPrefix: prefix }) } },
      };
    }
  }
  return undefined;
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

function readShouldInclude(r: FieldReader, v: unknown, at: At): ShouldInclude | undefined {
  const map = r.mapping(v, at);
  if (map === undefined) return undefined;
  r.onlyKeys(map, at, [
    "times", "adviser_pipeline", "dependency_monkey_pipeline", "authenticated", "labels", "dependencies",
    "recommendation_types", "decision_types", "runtime_environments", "library_usage",
  ]);
  let times: 0 | 1 = 1;
  if ("times" in map) {
    if (map.times === 0 || map.times === 1) times = map.times;
    else r.invalid(child(at, "times"), `expected 0 or 1, got ${JSON.stringify(map.times)}`);
  }
  const flag = (key: string): boolean | undefined => (key in map ? r.boolean(map[key], child(at, key)) : undefined);
  const adviserPipeline = flag("adviser_pipeline") ?? false;
  const dependencyMonkeyPipeline = flag("dependency_monkey_pipeline") ?? false;
  const authenticated = map.authenticated === null ? undefined : flag("authenticated");
  const out: { -readonly [K in keyof ShouldInclude]: ShouldInclude[K] } = { times, adviserPipeline, dependencyMonkeyPipeline };
  if (authenticated !== undefined) out.authenticated = authenticated;
  if ("labels" in map) {
    const labelsAt = child(at, "labels");
    const labels = r.mapping(map.labels, labelsAt);
    if (labels !== undefined) {
      const read: Record<string, string> = {};
      for (const [k, x] of Object.entries(labels)) {
        const s = r.string(x, { path: `${labelsAt.path}.${k}`, construct: `${labelsAt.construct}.<label>` });
        if (s !== undefined) read[k] = s;
      }
      out.labels = read;
    }
  }
  if ("dependencies" in map) {
    const depAt = child(at, "dependencies");
    const deps = r.mapping(map.dependencies, depAt);
    if (deps !== undefined) {
      const kinds = ["boots", "pseudonyms", "sieves", "steps", "strides", "wraps"] as const;
      r.onlyKeys(deps, depAt, kinds);
      const read: Partial<Record<(typeof kinds)[number], readonly string[]>> = {};
      for (const k of kinds) {
        if (!(k in deps)) continue;
        const names = r.list(deps[k], child(depAt, k), (x, a) => r.string(x, a), 1);
        if (names !== undefined) read[k] = names;
      }
      out.dependencies = read;
    }
  }
  if ("recommendation_types" in map) {
    const rt = r.negatable(map.recommendation_types, child(at, "recommendation_types"), (x, a) => oneOf<RecommendationType>(r, x, a, RECOMMENDATION_TYPES));
    if (rt !== undefined) out.recommendationTypes = rt;
  }
  if ("decision_types" in map) {
    const dt = r.negatable(map.decision_types, child(at, "decision_types"), (x, a) => oneOf<DecisionType>(r, x, a, DECISION_TYPES));
    if (dt !== undefined) out.decisionTypes = dt;
  }
  if ("runtime_environments" in map) {
    const re = readRuntimeEnvironments(r, map.runtime_environments, child(at, "runtime_environments"));
    if (re !== undefined) out.runtimeEnvironments = re;
  }
  if ("library_usage" in map) {
    const luAt = child(at, "library_usage");
    const lu = r.mapping(map.library_usage, luAt);
    if (lu !== undefined) {
      if (Object.keys(lu).length === 0) r.invalid(luAt, "library usage is empty");
      const read: Record<string, readonly string[]> = {};
      for (const [k, x] of Object.entries(lu)) {
        const calls = r.list(x, { path: `${luAt.path}.${k}`, construct: `${luAt.construct}.<package>` }, (c, a) => r.string(c, a), 1);
        if (calls !== undefined) read[k] = calls;
      }
      out.libraryUsage = read;
    }
  }
  return out;
}

function oneOf<T extends string>(r: FieldReader, v: unknown, at: At, allowed: readonly T[]): T | undefined {
  if (typeof v === "string" && (allowed as readonly string[]).includes(v)) return v as T;
  return r.invalid(at, v === undefined ? "required field is missing" : `expected one of ${allowed.join(", ")}, got ${JSON.stringify(v)}`);
}

function readSpecifier(r: FieldReader, v: unknown, at: At): string | undefined {
  // Numbers (`python_version: 3.8`) are not specifiers: Thoth rejects them too.
  const s = r.string(v, at);
  if (s === undefined) return undefined;
  if (!SPECIFIER_CHARS.test(s)) return r.invalid(at, `not a PEP 440 version specifier: ${JSON.stringify(s)}`);
  return s.trim();
}

function readSoftwareVersion(r: FieldReader, v: unknown, at: At): SoftwareVersionCondition | undefined {
  if (v === null) return { kind: "absent" };
  const specifier = readSpecifier(r, v, at);
  return specifier === undefined ? undefined : { kind: "specifier", specifier };
}

function nullableString(r: FieldReader, v: unknown, at: At): string | null | undefined {
  return v === null ? null : r.string(v, at);
}

function nullableInteger(r: FieldReader, v: unknown, at: At): number | null | undefined {
  if (v === null) return null;
  if (typeof v === "number" && Number.isInteger(v)) return v;
  return r.invalid(at, `expected an integer or null, got ${JSON.stringify(v)}`);
}

function readRuntimeEnvironments(r: FieldReader, v: unknown, at: At): RuntimeEnvironmentCondition | undefined {
  const map = r.mapping(v, at);
  if (map === undefined) return undefined;
  const versions = ["python_version", "cuda_version", "cudnn_version", "openblas_version", "openmpi_version", "mkl_version"] as const;
  r.onlyKeys(map, at, ["operating_systems", "hardware", "platforms", "base_images", "abi", "rpm_packages", "python_packages", ...versions]);
  const out: { -readonly [K in keyof RuntimeEnvironmentCondition]: RuntimeEnvironmentCondition[K] } = {};
  if ("operating_systems" in map) {
    const osAt = child(at, "operating_systems");
    const oses = r.list(map.operating_systems, osAt, (x, a) => {
      const m = r.mapping(x, a);
      if (m === undefined) return undefined;
      r.onlyKeys(m, a, ["name", "version"]);
      const name = "name" in m ? r.string(m.name, child(a, "name")) : undefined;
      // Versions are strings in the format; `8` and `8.0` written bare arrive as numbers.
      const version = "version" in m ? r.string(typeof m.version === "number" ? String(m.version) : m.version, child(a, "version")) : undefined;
      return { ...(name === undefined ? {} : { name }), ...(version === undefined ? {} : { version }) };
    });
    if (oses !== undefined) out.operatingSystems = oses;
  }
  if ("hardware" in map) {
    const hw = r.list(map.hardware, child(at, "hardware"), (x, a) => readHardware(r, x, a), 1);
    if (hw !== undefined) out.hardware = hw;
  }
  const keyOf = { python_version: "pythonVersion", cuda_version: "cudaVersion", cudnn_version: "cudnnVersion", openblas_version: "openblasVersion", openmpi_version: "openmpiVersion", mkl_version: "mklVersion" } as const;
  for (const key of versions) {
    if (!(key in map)) continue;
    const c = readSoftwareVersion(r, map[key], child(at, key));
    if (c !== undefined) out[keyOf[key]] = c;
  }
  if ("platforms" in map) {
    const p = r.negatable(map.platforms, child(at, "platforms"), (x, a) => nullableString(r, x, a));
    if (p !== undefined) out.platforms = p;
  }
  if ("base_images" in map) {
    const b = r.negatable(map.base_images, child(at, "base_images"), (x, a) => nullableString(r, x, a));
    if (b !== undefined) out.baseImages = b;
  }
  if ("abi" in map) {
    const b = r.negatable(map.abi, child(at, "abi"), (x, a) => r.string(x, a));
    if (b !== undefined) out.abi = b;
  }
  if ("rpm_packages" in map) {
    const p = r.negatable(map.rpm_packages, child(at, "rpm_packages"), (x, a) => readRpmPackage(r, x, a));
    if (p !== undefined) out.rpmPackages = p;
  }
  if ("python_packages" in map) {
    const p = r.negatable(map.python_packages, child(at, "python_packages"), (x, a) => readPythonPackage(r, x, a));
    if (p !== undefined) out.pythonPackages = p;
  }
  return out;
}

function readHardware(r: FieldReader, v: unknown, at: At): HardwareCondition | undefined {
  const map = r.mapping(v, at);
  if (map === undefined) return undefined;
  r.onlyKeys(map, at, ["cpu_families", "cpu_models", "gpu_models", "cpu_flags"]);
  const out: { -readonly [K in keyof HardwareCondition]: HardwareCondition[K] } = {};
  // `gpu_models: null` is "no GPU": the one-item list [null].
  const nullable = <T>(x: unknown, a: At, item: (y: unknown, b: At) => T | undefined) =>
    x === null ? { negated: false, items: [null] } : r.negatable(x, a, item);
  if ("cpu_families" in map) out.cpuFamilies = nullable(map.cpu_families, child(at, "cpu_families"), (x, a) => nullableInteger(r, x, a));
  if ("cpu_models" in map) out.cpuModels = nullable(map.cpu_models, child(at, "cpu_models"), (x, a) => nullableInteger(r, x, a));
  if ("gpu_models" in map) out.gpuModels = nullable(map.gpu_models, child(at, "gpu_models"), (x, a) => nullableString(r, x, a));
  if ("cpu_flags" in map) out.cpuFlags = r.negatable(map.cpu_flags, child(at, "cpu_flags"), (x, a) => r.string(x, a));
  return out;
}

function readRpmPackage(r: FieldReader, v: unknown, at: At): RpmPackageCondition | undefined {
  const map = r.mapping(v, at);
  if (map === undefined) return undefined;
  const fields = { arch: "arch", epoch: "epoch", package_identifier: "packageIdentifier", package_version: "packageVersion", release: "release" } as const;
  r.onlyKeys(map, at, ["package_name", "src", ...Object.keys(fields)]);
  const packageName = r.string(r.required(map, "package_name", at), child(at, "package_name"));
  if (packageName === undefined) return undefined;
  const out: { -readonly [K in keyof RpmPackageCondition]: RpmPackageCondition[K] } = { packageName };
  for (const [key, prop] of Object.entries(fields)) {
    if (key in map && map[key] !== null) {
      const s = r.string(map[key], child(at, key));
      if (s !== undefined) out[prop] = s;
    }
  }
  if ("src" in map) {
    const src = r.boolean(map.src, child(at, "src"));
    if (src !== undefined) out.src = src;
  }
  return out;
}

function readPythonPackage(r: FieldReader, v: unknown, at: At): PythonPackageCondition | undefined {
  const map = r.mapping(v, at);
  if (map === undefined) return undefined;
  r.onlyKeys(map, at, ["name", "version", "location"]);
  const name = readPackageName(r, r.required(map, "name", at), child(at, "name"));
  const version = "version" in map ? readSpecifier(r, map.version, child(at, "version")) : undefined;
  const location = "location" in map ? nullableString(r, map.location, child(at, "location")) : undefined;
  if (name === undefined) return undefined;
  return { name, ...(version === undefined ? {} : { version }), ...(location === undefined ? {} : { location }) };
}

function readPackageName(r: FieldReader, v: unknown, at: At): string | undefined {
  const s = r.string(v, at);
  if (s === undefined) return undefined;
  const normalized = normalizeName(s);
  if (s !== normalized || !NORMALIZED_NAME.test(s)) return r.invalid(at, `package name ${JSON.stringify(s)} is not in normalized form (${JSON.stringify(normalized)})`);
  return s;
}

function readLockedVersion(r: FieldReader, v: unknown, at: At): string | null | undefined {
  if (v === null) return null;
  if (typeof v === "string" && v.startsWith("==") && v.length > 2) return v;
  return r.invalid(at, `expected a locked version such as "==1.0.0", got ${JSON.stringify(v)}`);
}

function readLockedPackageVersion(r: FieldReader, v: unknown, at: At): LockedPackageVersion | undefined {
  const map = r.mapping(v, at);
  if (map === undefined) return undefined;
  r.onlyKeys(map, at, ["name", "locked_version", "index_url", "develop"]);
  const rawName = r.required(map, "name", at);
  const name = rawName === null ? null : readPackageName(r, rawName, child(at, "name"));
  const lockedVersion = "locked_version" in map ? readLockedVersion(r, map.locked_version, child(at, "locked_version")) : undefined;
  const indexUrl = "index_url" in map ? nullableString(r, map.index_url, child(at, "index_url")) : undefined;
  const develop = "develop" in map ? r.boolean(map.develop, child(at, "develop")) : undefined;
  if (name === undefined) return undefined;
  return {
    name,
    ...(lockedVersion === undefined ? {} : { lockedVersion }),
    ...(indexUrl === undefined ? {} : { indexUrl }),
    ...(develop === undefined ? {} : { develop }),
  };
}

function readPackageVersion(r: FieldReader, v: unknown, at: At, nameRequired: boolean): PackageVersionMatch | undefined {
  const map = r.mapping(v, at);
  if (map === undefined) return undefined;
  r.onlyKeys(map, at, ["name", "version", "index_url", "develop"]);
  const rawName = nameRequired ? r.required(map, "name", at) : map.name;
  const name = rawName === undefined || (rawName === null && !nameRequired) ? undefined : readPackageName(r, rawName, child(at, "name"));
  const version = "version" in map ? readSpecifier(r, map.version, child(at, "version")) : undefined;
  let indexUrl: IndexUrlCondition | undefined;
  if ("index_url" in map && map.index_url !== null) {
    const iuAt = child(at, "index_url");
    if (map.index_url !== null && typeof map.index_url === "object" && !Array.isArray(map.index_url)) {
      const m = map.index_url as Record<string, unknown>;
      r.onlyKeys(m, iuAt, ["not"]);
      const url = r.string(r.required(m, "not", iuAt), child(iuAt, "not"));
      if (url !== undefined) indexUrl = { negated: true, url };
    } else {
      const url = r.string(map.index_url, iuAt);
      if (url !== undefined) indexUrl = { negated: false, url };
    }
  }
  const develop = "develop" in map ? r.boolean(map.develop, child(at, "develop")) : undefined;
  if (nameRequired && name === undefined) return undefined;
  return {
    ...(name === undefined ? {} : { name }),
    ...(version === undefined ? {} : { version }),
    ...(indexUrl === undefined ? {} : { indexUrl }),
    ...(develop === undefined ? {} : { develop }),
  };
}

/** `{package_version: {...}}`. */
function readPackageVersionEntry(r: FieldReader, v: unknown, at: At, nameRequired: boolean): { packageVersion: PackageVersionMatch } | undefined {
  const map = r.mapping(v, at);
  if (map === undefined) return undefined;
  r.onlyKeys(map, at, ["package_version"]);
  const pv = readPackageVersion(r, r.required(map, "package_version", at), child(at, "package_version"), nameRequired);
  return pv === undefined ? undefined : { packageVersion: pv };
}

/** `{package_name: name | null}`. */
function readPackageNameEntry(r: FieldReader, v: unknown, at: At): { packageName: string | null } | undefined {
  const map = r.mapping(v, at);
  if (map === undefined) return undefined;
  r.onlyKeys(map, at, ["package_name"]);
  const raw = r.required(map, "package_name", at);
  if (raw === null) return { packageName: null };
  const name = r.string(raw, child(at, "package_name"));
  return name === undefined ? undefined : { packageName: name };
}

function readStepMatch(r: FieldReader, v: unknown, at: At): StepMatch | undefined {
  const map = r.mapping(v, at);
  if (map === undefined) return undefined;
  r.onlyKeys(map, at, ["package_version", "state"]);
  const packageVersion = readPackageVersion(r, r.required(map, "package_version", at), child(at, "package_version"), false);
  let state: StateMatch | undefined;
  if ("state" in map) {
    const stAt = child(at, "state");
    const st = r.mapping(map.state, stAt);
    if (st !== undefined) {
      r.onlyKeys(st, stAt, ["resolved_dependencies", "package_version_from", "package_version_from_allow_other"]);
      const out: { -readonly [K in keyof StateMatch]: StateMatch[K] } = {};
      if ("resolved_dependencies" in st) {
        const rd = r.list(st.resolved_dependencies, child(stAt, "resolved_dependencies"), (x, a) => readPackageVersion(r, x, a, true), 1);
        if (rd !== undefined) out.resolvedDependencies = rd;
      }
      if ("package_version_from" in st) {
        const pf = r.list(st.package_version_from, child(stAt, "package_version_from"), (x, a) => readPackageVersion(r, x, a, true), 1);
        if (pf !== undefined) out.packageVersionFrom = pf;
      }
      if ("package_version_from_allow_other" in st) {
        const b = r.boolean(st.package_version_from_allow_other, child(stAt, "package_version_from_allow_other"));
        if (b !== undefined) out.packageVersionFromAllowOther = b;
      }
      state = out;
    }
  }
  if (packageVersion === undefined) return undefined;
  return { packageVersion, ...(state === undefined ? {} : { state }) };
}

/** `{state: {resolved_dependencies: [...]}}` for strides and wraps; GHReleaseNotes wants exactly one named entry. */
function readResolvedState(r: FieldReader, v: unknown, at: At, stateRequired: boolean, single: boolean): { state?: { resolvedDependencies: PackageVersionMatch[] } } | undefined {
  const map = r.mapping(v, at);
  if (map === undefined) return undefined;
  r.onlyKeys(map, at, ["state"]);
  const raw = stateRequired ? r.required(map, "state", at) : map.state;
  if (raw === undefined) return stateRequired ? undefined : {};
  const stAt = child(at, "state");
  const st = r.mapping(raw, stAt);
  if (st === undefined) return undefined;
  r.onlyKeys(st, stAt, ["resolved_dependencies"]);
  const rdAt = child(stAt, "resolved_dependencies");
  const rawRd = r.required(st, "resolved_dependencies", stAt);
  const rd = single
    ? r.oneOrList(rawRd, rdAt, (x, a) => readPackageVersion(r, x, a, true))
    : r.list(rawRd, rdAt, (x, a) => readPackageVersion(r, x, a, true));
  if (rd === undefined) return undefined;
  if (single && rd.length !== 1) return r.invalid(rdAt, `expected exactly one resolved dependency, got ${rd.length}`);
  return { state: { resolvedDependencies: rd } };
}

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

function readJustifications(r: FieldReader, v: unknown, at: At): DeclaredJustification[] | undefined {
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

function readManifestChanges(r: FieldReader, v: unknown, at: At): ManifestChange[] | undefined {
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
function readRun(r: FieldReader, v: unknown, at: At, extra: readonly string[]): { base: RunBase; map: Record<string, unknown> } | undefined {
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

function stopFields(r: FieldReader, map: Record<string, unknown>, at: At): { notAcceptable?: string; eagerStopPipeline?: string } {
  const notAcceptable = "not_acceptable" in map ? r.string(map.not_acceptable, child(at, "not_acceptable")) : undefined;
  const eager = "eager_stop_pipeline" in map ? r.string(map.eager_stop_pipeline, child(at, "eager_stop_pipeline")) : undefined;
  return { ...(notAcceptable === undefined ? {} : { notAcceptable }), ...(eager === undefined ? {} : { eagerStopPipeline: eager }) };
}

function readMulti(r: FieldReader, map: Record<string, unknown>, at: At): boolean | undefined {
  return "multi_package_resolution" in map ? r.boolean(map.multi_package_resolution, child(at, "multi_package_resolution")) : false;
}

function readStepRun(r: FieldReader, v: unknown, at: At): StepRun | undefined {
  const run = readRun(r, v, at, ["score", "justification", "not_acceptable", "eager_stop_pipeline", "multi_package_resolution"]);
  if (run === undefined) return undefined;
  const score = "score" in run.map ? (run.map.score === null ? null : r.number(run.map.score, child(at, "score"))) : undefined;
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
