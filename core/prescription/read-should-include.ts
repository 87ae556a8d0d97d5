import { child, type At, type FieldReader } from "./field-reader.js";
import { readPackageName } from "./read-match.js";
import { nullableInteger, nullableString, oneOf, readSpecifier } from "./read-scalar.js";
import { DECISION_TYPES, type DecisionType, type HardwareCondition, type PythonPackageCondition, RECOMMENDATION_TYPES, type RecommendationType, type RpmPackageCondition, type RuntimeEnvironmentCondition, type ShouldInclude, type SoftwareVersionCondition } from "./unit.js";

/** A unit's `should_include`: pipelines, labels, dependencies, recommendation and decision types, runtime environments (OS, hardware, software versions, RPM and Python packages), library usage. */

export function readShouldInclude(r: FieldReader, v: unknown, at: At): ShouldInclude | undefined {
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

function readSoftwareVersion(r: FieldReader, v: unknown, at: At): SoftwareVersionCondition | undefined {
  if (v === null) return { kind: "absent" };
  const specifier = readSpecifier(r, v, at);
  return specifier === undefined ? undefined : { kind: "specifier", specifier };
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
