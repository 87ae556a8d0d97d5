/**
 * Packse resolver scenarios (astral-sh/packse TOML): the root request, resolver options, the
 * target environment, the expected outcome and the packages of the scenario's private index.
 */
import { createRequire } from "node:module";
import { normalizeName } from "../../core/pep508/index.js";
import { SnapshotFormatError, fieldPath } from "./snapshot-format-error.js";

export interface PackseVersion {
  readonly version: string;
  readonly requires: readonly string[];
  readonly requiresPython: string | null;
  readonly yanked: boolean;
  /** Extra name (as written) to its requirements. */
  readonly extras: Readonly<Record<string, readonly string[]>>;
  /** An sdist is published (packse default: true). */
  readonly sdist: boolean;
  /** Wheels are published (packse default: true). */
  readonly wheel: boolean;
  /** The wheel tags (`python-abi-platform`); `["py3-none-any"]` when the scenario gives none. */
  readonly wheelTags: readonly string[];
}

export interface PackseProject {
  /** The name as written. */
  readonly name: string;
  readonly versions: readonly PackseVersion[];
}

export interface PackseResolverOptions {
  readonly universal: boolean;
  /** The Python version to resolve for, overriding the environment's. */
  readonly python: string | null;
  /** Pre-releases allowed globally. */
  readonly prereleases: boolean;
  readonly pythonPlatform: string | null;
  readonly requiredEnvironments: readonly string[];
  readonly noBuild: readonly string[];
  readonly noBinary: readonly string[];
  /** Options this reader does not know, as written. */
  readonly other: Readonly<Record<string, unknown>>;
}

export interface PackseScenario {
  readonly file: string;
  readonly name: string;
  readonly description: string;
  readonly root: { readonly requires: readonly string[]; readonly requiresPython: string | null };
  readonly resolverOptions: PackseResolverOptions;
  readonly environment: { readonly python: string | null; readonly additionalPython: readonly string[] };
  readonly expected: {
    readonly satisfiable: boolean;
    /** Normalized project name to version. */
    readonly packages: Readonly<Record<string, string>>;
    readonly explanation: string | null;
  };
  /** Normalized project name to project. */
  readonly packages: ReadonlyMap<string, PackseProject>;
}

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Parses one scenario; `file` names the file in errors (invalid TOML or a field of the wrong type). */
export function parsePackseScenario(text: string, file: string): PackseScenario {
  let doc: Table;
  try {
    doc = tomlParser()(text) as Table;
  } catch (error) {
    throw new SnapshotFormatError(file, "", `not valid TOML: ${(error as Error).message.split("\n")[0]}`);
  }
  const fail = (path: readonly string[], detail: string): never => {
    throw new SnapshotFormatError(file, fieldPath(...path), detail);
  };
  const table = (parent: Table, key: string, path: readonly string[]): Table => {
    const v = parent[key];
    if (v === undefined) return {};
    return isTable(v) ? v : fail([...path, key], "expected a table");
  };
  const str = (parent: Table, key: string, path: readonly string[], fallback: string | null): string | null => {
    const v = parent[key];
    if (v === undefined) return fallback;
    return typeof v === "string" ? v : fail([...path, key], "expected a string");
  };
  const bool = (parent: Table, key: string, path: readonly string[], fallback: boolean): boolean => {
    const v = parent[key];
    if (v === undefined) return fallback;
    return typeof v === "boolean" ? v : fail([...path, key], "expected true or false");
  };
  const strings = (parent: Table, key: string, path: readonly string[]): readonly string[] => {
    const v = parent[key];
    if (v === undefined) return [];
    return Array.isArray(v) && v.every((s) => typeof s === "string") ? (v as string[]) : fail([...path, key], "expected a list of strings");
  };

  const name = str(doc, "name", [], null) ?? fail(["name"], "missing");
  const root = table(doc, "root", []);
  const options = table(doc, "resolver_options", []);
  const known = new Set(["universal", "python", "prereleases", "python_platform", "required_environments", "no_build", "no_binary"]);
  const other: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) if (!known.has(k)) other[k] = v;
  const ro = ["resolver_options"];
  const environment = table(doc, "environment", []);
  const expected = table(doc, "expected", []);
  const expectedPackages = table(expected, "packages", ["expected"]);
  const expectedMap: Record<string, string> = {};
  for (const [k, v] of Object.entries(expectedPackages)) {
    if (typeof v !== "string") fail(["expected", "packages", k], "expected a version string");
    expectedMap[normalizeName(k)] = v as string;
  }
  const packagesTable = table(doc, "packages", []);
  const packages = new Map<string, PackseProject>();
  for (const [projectName, projectValue] of Object.entries(packagesTable)) {
    const path = ["packages", projectName];
    if (!isTable(projectValue)) fail(path, "expected a table");
    const versionsTable = table(projectValue as Table, "versions", path);
    const versions: PackseVersion[] = [];
    for (const [version, entry] of Object.entries(versionsTable)) {
      const vpath = [...path, "versions", version];
      if (!isTable(entry)) fail(vpath, "expected a table");
      const e = entry as Table;
      const extrasTable = table(e, "extras", vpath);
      const extras: Record<string, readonly string[]> = {};
      for (const extra of Object.keys(extrasTable)) extras[extra] = strings(extrasTable, extra, [...vpath, "extras"]);
      const wheelTags = strings(e, "wheel_tags", vpath);
      versions.push({
        version,
        requires: strings(e, "requires", vpath),
        requiresPython: str(e, "requires_python", vpath, null),
        yanked: bool(e, "yanked", vpath, false),
        extras,
        sdist: bool(e, "sdist", vpath, true),
        wheel: bool(e, "wheel", vpath, true),
        wheelTags: wheelTags.length > 0 ? wheelTags : ["py3-none-any"],
      });
    }
    const normalized = normalizeName(projectName);
    const twice = packages.get(normalized);
    if (twice !== undefined) fail(path, `project defined twice (also as ${JSON.stringify(twice.name)})`);
    packages.set(normalized, { name: projectName, versions });
  }
  return {
    file,
    name: name as string,
    description: str(doc, "description", [], "") ?? "",
    root: { requires: strings(root, "requires", ["root"]), requiresPython: str(root, "requires_python", ["root"], null) },
    resolverOptions: {
      universal: bool(options, "universal", ro, false),
      python: str(options, "python", ro, null),
      prereleases: bool(options, "prereleases", ro, false),
      pythonPlatform: str(options, "python_platform", ro, null),
      requiredEnvironments: strings(options, "required_environments", ro),
      noBuild: strings(options, "no_build", ro),
      noBinary: strings(options, "no_binary", ro),
      other,
    },
    environment: {
      python: str(environment, "python", ["environment"], null),
      additionalPython: strings(environment, "additional_python", ["environment"]),
    },
    expected: {
      satisfiable: bool(expected, "satisfiable", ["expected"], false),
      packages: expectedMap,
      explanation: str(expected, "explanation", ["expected"], null),
    },
    packages,
  };
}

let parseToml: ((text: string) => unknown) | undefined;

/**
 * smol-toml, loaded on the first scenario read (its one-file CommonJS build): a graph JSON
 * snapshot, what `maat resolve --index file.json` reads, never pays for the TOML parser.
 */
function tomlParser(): (text: string) => unknown {
  return (parseToml ??= (createRequire(import.meta.url)("smol-toml") as { parse: (text: string) => unknown }).parse);
}
