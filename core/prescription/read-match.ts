import { normalizeName } from "../pep508/index.js";
import { child, type At, type FieldReader } from "./field-reader.js";
import { nullableString, readSpecifier } from "./read-scalar.js";
import type { IndexUrlCondition, LockedPackageVersion, PackageVersionMatch, StateMatch, StepMatch } from "./unit.js";

/** What a unit matches: package names (normalized), versions and index URLs, locked versions, step matches and resolved-dependency states. */

const NORMALIZED_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function readPackageName(r: FieldReader, v: unknown, at: At): string | undefined {
  const s = r.string(v, at);
  if (s === undefined) return undefined;
  const normalized = normalizeName(s);
  if (s !== normalized || !NORMALIZED_NAME.test(s)) return r.invalid(at, `package name ${JSON.stringify(s)} is not in normalized form (${JSON.stringify(normalized)})`);
  return s;
}

export function readLockedVersion(r: FieldReader, v: unknown, at: At): string | null | undefined {
  if (v === null) return null;
  if (typeof v === "string" && v.startsWith("==") && v.length > 2) return v;
  return r.invalid(at, `expected a locked version such as "==1.0.0", got ${JSON.stringify(v)}`);
}

export function readLockedPackageVersion(r: FieldReader, v: unknown, at: At): LockedPackageVersion | undefined {
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
export function readPackageVersionEntry(r: FieldReader, v: unknown, at: At, nameRequired: boolean): { packageVersion: PackageVersionMatch } | undefined {
  const map = r.mapping(v, at);
  if (map === undefined) return undefined;
  r.onlyKeys(map, at, ["package_version"]);
  const pv = readPackageVersion(r, r.required(map, "package_version", at), child(at, "package_version"), nameRequired);
  return pv === undefined ? undefined : { packageVersion: pv };
}

/** `{package_name: name | null}`. */
export function readPackageNameEntry(r: FieldReader, v: unknown, at: At): { packageName: string | null } | undefined {
  const map = r.mapping(v, at);
  if (map === undefined) return undefined;
  r.onlyKeys(map, at, ["package_name"]);
  const raw = r.required(map, "package_name", at);
  if (raw === null) return { packageName: null };
  const name = r.string(raw, child(at, "package_name"));
  return name === undefined ? undefined : { packageName: name };
}

export function readStepMatch(r: FieldReader, v: unknown, at: At): StepMatch | undefined {
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
export function readResolvedState(r: FieldReader, v: unknown, at: At, stateRequired: boolean, single: boolean): { state?: { resolvedDependencies: PackageVersionMatch[] } } | undefined {
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
