/**
 * A Pipfile as a project file: `[packages]`, `[dev-packages]` (`--dev`) and other categories
 * (`--group`), `[requires]` python_version / python_full_version, `[[source]]` as the indexes,
 * `[pipenv] allow_prereleases`; versions as strings (`"*"`, `">=1,<2"`, `"1.0"` for `==1.0`) or
 * tables (`{version, extras, markers, index}` and marker keys such as `sys_platform = "== 'linux'"`).
 * Also the Pipfile's hash as pipenv computes it, for a Pipfile.lock's `_meta`.
 */
import { createHash } from "node:crypto";
import { basename } from "node:path";
import type { Result } from "../../core/failure/index.js";
import { parseMarker } from "../../core/pep508/index.js";
import type { GroupSelection, PipfileMeta, ProjectFile, ProjectIndex, ProjectRequirement } from "./project-file.js";
import { pythonJsonDumps } from "./python-json.js";
import { checkRequirement } from "./requirement-check.js";
import { isTable, kindOf, parseTomlDocument, type TomlTable } from "./toml-document.js";

/** pipenv's source when a Pipfile has none (plette's DEFAULT_SOURCE_TOML). */
export const PIPENV_DEFAULT_SOURCE = Object.freeze({ name: "pypi", url: "https://pypi.org/simple", verify_ssl: true });

/** The sections that are not package categories (plette's PIPFILE_SECTIONS). */
const SECTIONS = new Set(["source", "packages", "dev-packages", "requires", "scripts", "pipfile", "pipenv"]);

const MARKER_KEYS = new Set([
  "os_name", "sys_platform", "platform_machine", "platform_python_implementation", "platform_release", "platform_system",
  "platform_version", "python_version", "python_full_version", "implementation_name", "implementation_version",
]);

/** Whether parsed TOML looks like a Pipfile. */
export function isPipfileData(data: TomlTable): boolean {
  return isTable(data.packages) || isTable(data["dev-packages"]) || Array.isArray(data.source) || isTable(data.requires);
}

export function readPipfile(text: string, path: string, selection: GroupSelection): Result<ProjectFile, string> {
  const parsed = parseTomlDocument(text, path);
  if (!parsed.ok) return parsed;
  return pipfileFromData(parsed.value, path, selection);
}

/**
 * A Pipfile's data (parsed TOML, or the JSON a notebook's metadata holds, where jupyterlab-requirements
 * writes `sources` for `source`) as a project file. `kind` says which file it came from.
 */
export function pipfileFromData(data: TomlTable, path: string, selection: GroupSelection, kind: "pipfile" | "notebook" = "pipfile"): Result<ProjectFile, string> {
  const fail = (key: string, message: string): Result<ProjectFile, string> => ({ ok: false, error: `${path}: ${key}: ${message}` });
  if (selection.extras.length > 0 || selection.allExtras) return { ok: false, error: `${path}: --extra: a Pipfile has no extras (give them in a package's extras)` };
  const sourceKey = data.source === undefined && data.sources !== undefined ? "sources" : "source";
  const rawSources = data[sourceKey] ?? [];
  if (!Array.isArray(rawSources)) return fail(`[[${sourceKey}]]`, `expected an array of tables, got ${kindOf(rawSources)}`);
  const indexes: ProjectIndex[] = [];
  for (const [i, s] of rawSources.entries()) {
    const at = `[[${sourceKey}]] ${i + 1}`;
    if (!isTable(s)) return fail(at, `expected a table with name, url and verify_ssl, got ${kindOf(s)}`);
    if (typeof s.url !== "string" || !/^https?:\/\/\S+$/.test(s.url)) return fail(`${at} url`, `expected an http(s) index URL, got ${kindOf(s.url)}`);
    if (s.url.includes("${")) return fail(`${at} url`, "environment variables in source URLs are not expanded: write the URL");
    if (s.name !== undefined && typeof s.name !== "string") return fail(`${at} name`, `expected a string, got ${kindOf(s.name)}`);
    if (s.verify_ssl !== undefined && typeof s.verify_ssl !== "boolean") return fail(`${at} verify_ssl`, `expected true or false, got ${kindOf(s.verify_ssl)}`);
    indexes.push({ name: (s.name as string | undefined) ?? null, url: s.url.replace(/\/+$/, ""), verifySsl: s.verify_ssl !== false });
  }
  const sourceNames = new Set(indexes.map((s) => s.name).filter((n): n is string => n !== null));

  const categories = Object.keys(data).filter((k) => !SECTIONS.has(k) && k !== "sources" && isTable(data[k]));
  const wanted = ["packages", ...(selection.dev ? ["dev-packages"] : [])];
  for (const g of selection.groups) {
    const category = g === "dev" ? "dev-packages" : g;
    if (!(category in data) || !isTable(data[category])) {
      return { ok: false, error: `${path}: --group ${g}: no [${category}] category in the Pipfile${categories.length > 0 ? ` (categories: ${categories.join(", ")})` : ""}` };
    }
    if (!wanted.includes(category)) wanted.push(category);
  }
  if (selection.dev && !isTable(data["dev-packages"])) return { ok: false, error: `${path}: --dev: the Pipfile has no [dev-packages]` };
  const file = basename(path);
  const requirements: ProjectRequirement[] = [];
  for (const category of wanted) {
    const table = data[category];
    if (table === undefined) continue;
    if (!isTable(table)) return fail(`[${category}]`, `expected a table of packages, got ${kindOf(table)}`);
    const group = category === "packages" ? "default" : category === "dev-packages" ? "dev" : category;
    for (const [name, spec] of Object.entries(table)) {
      const text = pipfileRequirement(name, spec, sourceNames);
      if (!text.ok) return fail(`[${category}] ${name}`, text.error);
      requirements.push({ text: text.value, group, source: `${file} [${category}]` });
    }
  }
  if (requirements.length === 0) return { ok: false, error: `${path}: no packages in [packages]${isTable(data["dev-packages"]) ? " (pass --dev for [dev-packages])" : ""}` };

  const requires = data.requires ?? {};
  if (!isTable(requires)) return fail("[requires]", `expected a table, got ${kindOf(requires)}`);
  let python: string | null = null;
  for (const key of ["python_full_version", "python_version"] as const) {
    const v = requires[key];
    if (v === undefined) continue;
    if (typeof v !== "string" || !/^\d+\.\d+(\.\d+)?$/.test(v)) return fail(`[requires] ${key}`, `expected a version such as "3.11", got ${kindOf(v)}`);
    python ??= v;
  }
  const settings = data.pipenv ?? {};
  if (!isTable(settings)) return fail("[pipenv]", `expected a table, got ${kindOf(settings)}`);
  if (settings.allow_prereleases !== undefined && typeof settings.allow_prereleases !== "boolean") {
    return fail("[pipenv] allow_prereleases", `expected true or false, got ${kindOf(settings.allow_prereleases)}`);
  }
  const groups = [...(isTable(data["dev-packages"]) ? ["dev"] : []), ...categories.filter((c) => c !== "packages" && c !== "dev-packages")];
  return {
    ok: true,
    value: {
      kind, path, name: null, requirements, constraints: [], indexes, pre: settings.allow_prereleases === true, python, requiresPython: null,
      pipfile: pipfileMeta(data, sourceKey), groups,
    },
  };
}

/** One Pipfile package entry as PEP 508 text, or why it cannot be used. */
function pipfileRequirement(name: string, spec: unknown, sources: ReadonlySet<string>): Result<string, string> {
  let version = "";
  let extras: readonly string[] = [];
  const markers: string[] = [];
  if (typeof spec === "string") version = spec;
  else if (isTable(spec)) {
    for (const key of ["path", "git", "hg", "svn", "bzr", "file", "editable"]) {
      if (key in spec) return { ok: false, error: `${key} requirements are not supported (only packages from an index)` };
    }
    for (const [key, value] of Object.entries(spec)) {
      if (key === "version") {
        if (typeof value !== "string") return { ok: false, error: `version: expected a string such as ">=1.0" or "*", got ${kindOf(value)}` };
        version = value;
      } else if (key === "extras") {
        if (!Array.isArray(value) || !value.every((e) => typeof e === "string")) return { ok: false, error: `extras: expected an array of names, got ${kindOf(value)}` };
        extras = value as string[];
      } else if (key === "markers") {
        if (typeof value !== "string") return { ok: false, error: `markers: expected a PEP 508 marker string, got ${kindOf(value)}` };
        markers.push(value);
      } else if (key === "index") {
        if (typeof value !== "string" || !sources.has(value)) return { ok: false, error: `index: ${kindOf(value)} names no [[source]]${sources.size > 0 ? ` (sources: ${[...sources].join(", ")})` : ""}` };
      } else if (MARKER_KEYS.has(key)) {
        if (typeof value !== "string") return { ok: false, error: `${key}: expected a comparison such as "== 'linux'", got ${kindOf(value)}` };
        markers.push(`${key} ${value}`);
      } else return { ok: false, error: `unknown key ${JSON.stringify(key)} (expected version, extras, markers, index or a marker variable)` };
    }
  } else return { ok: false, error: `expected a version string ("*", ">=1.0") or a table, got ${kindOf(spec)}` };
  version = version.trim();
  if (version === "*") version = "";
  else if (/^\d/.test(version)) version = `==${version}`;
  for (const m of markers) {
    const parsed = parseMarker(m);
    if (!parsed.ok) return { ok: false, error: `invalid marker ${JSON.stringify(m)}: ${parsed.error.message}` };
  }
  const marker = markers.length === 0 ? "" : `; ${markers.map((m) => (markers.length > 1 ? `(${m})` : m)).join(" and ")}`;
  const text = `${name}${extras.length > 0 ? `[${extras.join(",")}]` : ""}${version}${marker}`;
  const checked = checkRequirement(text);
  return checked.ok ? { ok: true, value: checked.text } : { ok: false, error: checked.error };
}

/** `_meta` of a Pipfile.lock for this Pipfile: pipenv's hash (plette's Pipfile.get_hash), sources and requires. */
function pipfileMeta(data: TomlTable, sourceKey: string): PipfileMeta {
  const sources = (Array.isArray(data[sourceKey]) ? (data[sourceKey] as Record<string, unknown>[]) : [PIPENV_DEFAULT_SOURCE]);
  const requires = isTable(data.requires) ? data.requires : {};
  const hashed: Record<string, unknown> = {
    _meta: { sources, requires },
    default: isTable(data.packages) ? data.packages : {},
    develop: isTable(data["dev-packages"]) ? data["dev-packages"] : {},
  };
  for (const [category, values] of Object.entries(data)) {
    if (SECTIONS.has(category) || category === "sources" || category === "default" || category === "develop") continue;
    hashed[category] = values;
  }
  const hash = createHash("sha256").update(pythonJsonDumps(hashed), "utf8").digest("hex");
  return { hash, sources, requires };
}
