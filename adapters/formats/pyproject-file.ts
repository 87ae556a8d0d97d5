/**
 * pyproject.toml as a project file: `[project] dependencies`, `optional-dependencies` (extras),
 * PEP 735 `[dependency-groups]` (with `include-group`), `requires-python`. Errors name the file
 * and the key.
 */
import { basename } from "node:path";
import type { Result } from "../../core/failure/index.js";
import { normalizeName, parseRequirement } from "../../core/pep508/index.js";
import { parseSpecifierSet } from "../../core/pep440/index.js";
import type { GroupSelection, ProjectFile, ProjectRequirement } from "./project-file.js";
import { checkRequirement, groupName } from "./requirement-check.js";
import { isTable, kindOf, parseTomlDocument, type TomlTable } from "./toml-document.js";

/** Whether parsed TOML is a pyproject.toml with something to resolve. */
export function isPyprojectData(data: TomlTable): boolean {
  return isTable(data.project) || isTable(data["dependency-groups"]);
}

export function readPyproject(text: string, path: string, selection: GroupSelection): Result<ProjectFile, string> {
  const parsed = parseTomlDocument(text, path);
  if (!parsed.ok) return parsed;
  return pyprojectFromData(parsed.value, path, selection);
}

export function pyprojectFromData(data: TomlTable, path: string, selection: GroupSelection): Result<ProjectFile, string> {
  const fail = (key: string, message: string): Result<ProjectFile, string> => ({ ok: false, error: `${path}: ${key}: ${message}` });
  if (!isPyprojectData(data)) return { ok: false, error: `${path}: no [project] or [dependency-groups] table: nothing to resolve` };
  const project = isTable(data.project) ? data.project : null;
  if (data.project !== undefined && project === null) return fail("[project]", `expected a table, got ${kindOf(data.project)}`);
  const file = basename(path);
  let name: string | null = null;
  if (project?.name !== undefined) {
    if (typeof project.name !== "string" || groupName(project.name) === null) return fail("[project] name", `expected a project name, got ${kindOf(project.name)}`);
    name = normalizeName(project.name);
  }
  const label = (suffix: string) => `${name ?? "project"} (${file}${suffix})`;
  const dynamic = Array.isArray(project?.dynamic) ? (project.dynamic as unknown[]) : [];
  const requirements: ProjectRequirement[] = [];

  // [project] dependencies
  if (project !== null) {
    if (project.dependencies === undefined && dynamic.includes("dependencies")) {
      return fail("[project] dependencies", "dynamic (the build backend computes them); Maat reads static metadata only: list them in [project] dependencies or give a requirements file");
    }
    const deps = listOf(project.dependencies, "[project] dependencies");
    if (!deps.ok) return { ok: false, error: `${path}: ${deps.error}` };
    for (const [i, entry] of deps.value.entries()) {
      const r = checkRequirement(entry);
      if (!r.ok) return fail(`[project] dependencies[${i}]`, r.error);
      requirements.push({ text: r.text, group: "default", source: label("") });
    }
  }

  // [project] optional-dependencies (extras)
  const extras = new Map<string, { readonly key: string; readonly entries: readonly unknown[] }>();
  if (project?.["optional-dependencies"] !== undefined) {
    const table = project["optional-dependencies"];
    if (!isTable(table)) return fail("[project] optional-dependencies", `expected a table of extras, got ${kindOf(table)}`);
    for (const [key, entries] of Object.entries(table)) {
      const extra = groupName(key);
      if (extra === null) return fail(`[project.optional-dependencies] ${key}`, "not a valid extra name");
      if (!Array.isArray(entries)) return fail(`[project.optional-dependencies] ${key}`, `expected an array of requirements, got ${kindOf(entries)}`);
      extras.set(extra, { key, entries });
    }
  }
  const wantedExtras = selection.allExtras ? [...extras.keys()] : selection.extras.map((e) => groupName(e) ?? e);
  if (wantedExtras.length > 0 && extras.size === 0 && dynamic.includes("optional-dependencies")) {
    return fail("[project] optional-dependencies", "dynamic (the build backend computes them); Maat reads static metadata only");
  }
  for (const extra of wantedExtras) {
    const expanded = expandExtra(extra, extras, name, new Set());
    if (!expanded.ok) return { ok: false, error: `${path}: ${expanded.error}` };
    for (const text of expanded.value) requirements.push({ text, group: `extra:${extra}`, source: label(`:${extra}`) });
  }

  // [dependency-groups] (PEP 735)
  const groups = new Map<string, { readonly key: string; readonly entries: readonly unknown[] }>();
  if (data["dependency-groups"] !== undefined) {
    const table = data["dependency-groups"];
    if (!isTable(table)) return fail("[dependency-groups]", `expected a table of groups, got ${kindOf(table)}`);
    for (const [key, entries] of Object.entries(table)) {
      const group = groupName(key);
      if (group === null) return fail(`[dependency-groups] ${key}`, "not a valid group name");
      if (groups.has(group)) return fail(`[dependency-groups] ${key}`, `the same group as ${JSON.stringify(groups.get(group)!.key)} once normalized`);
      if (!Array.isArray(entries)) return fail(`[dependency-groups] ${key}`, `expected an array, got ${kindOf(entries)}`);
      groups.set(group, { key, entries });
    }
  }
  const wantedGroups = [...selection.groups.map((g) => groupName(g) ?? g), ...(selection.dev ? ["dev"] : [])];
  for (const group of [...new Set(wantedGroups)]) {
    if (!groups.has(group)) {
      const flag = selection.dev && group === "dev" && !selection.groups.includes("dev") ? "--dev" : `--group ${group}`;
      return { ok: false, error: `${path}: ${flag}: no dependency group ${JSON.stringify(group)} in [dependency-groups]${groups.size > 0 ? ` (groups: ${[...groups.keys()].join(", ")})` : ""}` };
    }
    const expanded = expandGroup(group, groups, []);
    if (!expanded.ok) return { ok: false, error: `${path}: ${expanded.error}` };
    for (const text of expanded.value) requirements.push({ text, group, source: label(`:${group}`) });
  }

  let requiresPython: string | null = null;
  if (project?.["requires-python"] !== undefined) {
    const rp = project["requires-python"];
    if (typeof rp !== "string" || !parseSpecifierSet(rp).ok) return fail("[project] requires-python", `expected a version specifier such as ">=3.9", got ${kindOf(rp)}`);
    requiresPython = rp;
  }
  if (requirements.length === 0) {
    return { ok: false, error: `${path}: no requirements in [project] dependencies${extras.size + groups.size > 0 ? " (choose extras with --extra or --all-extras, groups with --group)" : ""}` };
  }
  return {
    ok: true,
    value: {
      kind: "pyproject", path, name, requirements, constraints: [], indexes: [], pre: false, python: null, requiresPython, pipfile: null,
      groups: [...[...groups.keys()], ...[...extras.keys()].map((e) => `extra:${e}`)],
    },
  };
}

function listOf(value: unknown, key: string): Result<readonly unknown[], string> {
  if (value === undefined) return { ok: true, value: [] };
  if (!Array.isArray(value)) return { ok: false, error: `${key}: expected an array of requirements, got ${kindOf(value)}` };
  return { ok: true, value };
}

/** An extra's requirements, the project's own extras it names (`name[a,b]`) expanded in place. */
function expandExtra(extra: string, extras: ReadonlyMap<string, { readonly key: string; readonly entries: readonly unknown[] }>, self: string | null, seen: Set<string>): Result<string[], string> {
  const entry = extras.get(extra);
  if (entry === undefined) {
    return { ok: false, error: `--extra ${extra}: no extra ${JSON.stringify(extra)} in [project.optional-dependencies]${extras.size > 0 ? ` (extras: ${[...extras.keys()].join(", ")})` : ""}` };
  }
  if (seen.has(extra)) return { ok: true, value: [] };
  seen.add(extra);
  const out: string[] = [];
  for (const [i, text] of entry.entries.entries()) {
    const r = checkRequirement(text);
    if (!r.ok) return { ok: false, error: `[project.optional-dependencies] ${entry.key}[${i}]: ${r.error}` };
    if (self !== null && r.name === self) {
      const own = parseRequirement(r.text);
      if (own.ok && own.value.marker !== null) return { ok: false, error: `[project.optional-dependencies] ${entry.key}[${i}]: a reference to the project itself with a marker is not supported` };
      for (const e of own.ok ? own.value.extras : []) {
        const nested = expandExtra(normalizeName(e), extras, self, seen);
        if (!nested.ok) return { ok: false, error: `[project.optional-dependencies] ${entry.key}[${i}]: ${nested.error}` };
        out.push(...nested.value);
      }
      continue;
    }
    out.push(r.text);
  }
  return { ok: true, value: out };
}

/** A dependency group's requirements with its `{include-group = "..."}` entries expanded (PEP 735); a cycle is an error. */
function expandGroup(group: string, groups: ReadonlyMap<string, { readonly key: string; readonly entries: readonly unknown[] }>, path: readonly string[]): Result<string[], string> {
  const entry = groups.get(group)!;
  if (path.includes(group)) return { ok: false, error: `[dependency-groups] ${entry.key}: include-group cycle ${[...path, group].join(" -> ")}` };
  const out: string[] = [];
  for (const [i, item] of entry.entries.entries()) {
    const key = `[dependency-groups] ${entry.key}[${i}]`;
    if (isTable(item)) {
      const keys = Object.keys(item);
      if (keys.length !== 1 || typeof item["include-group"] !== "string") return { ok: false, error: `${key}: expected a requirement string or {include-group = "NAME"}` };
      const included = groupName(item["include-group"]);
      if (included === null || !groups.has(included)) return { ok: false, error: `${key}: include-group ${JSON.stringify(item["include-group"])} names no group` };
      const nested = expandGroup(included, groups, [...path, group]);
      if (!nested.ok) return nested;
      out.push(...nested.value);
      continue;
    }
    const r = checkRequirement(item);
    if (!r.ok) return { ok: false, error: `${key}: ${r.error}` };
    out.push(r.text);
  }
  return { ok: true, value: out };
}
