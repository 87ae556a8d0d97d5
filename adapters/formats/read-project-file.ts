/**
 * Reads a project file, recognised by its name and its content: pyproject.toml, Pipfile, a
 * notebook (.ipynb), or a pip requirements file. Finds one in a folder when none is named.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import type { Result } from "../../core/failure/index.js";
import { readNotebook } from "./notebook-file.js";
import { isPipfileData, pipfileFromData } from "./pipfile.js";
import type { GroupSelection, ProjectFile } from "./project-file.js";
import { isPyprojectData, pyprojectFromData } from "./pyproject-file.js";
import { readRequirementsFile } from "./requirements-file.js";
import { parseTomlDocument } from "./toml-document.js";

const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Lock file names: what `--locked` reads, not a project file. */
export function isLockFileName(path: string): boolean {
  const name = basename(path);
  return name === "Pipfile.lock" || /^pylock\.([^.]+\.)?toml$/.test(name);
}

/** Whether a command-line word names a project file rather than a package (`Pipfile`, `pyproject.toml`, `nb.ipynb`, `reqs/dev.txt`). */
export function looksLikeProjectFile(word: string): boolean {
  return word === "Pipfile" || /\.(toml|ipynb|txt|in)$/i.test(word) || (word.includes("/") && !/\s|@/.test(word));
}

/** The text of a file, or why it cannot be read (naming the file). */
export function readText(path: string): Result<string, string> {
  try {
    if (statSync(path).size > MAX_FILE_BYTES) return { ok: false, error: `${path}: larger than ${MAX_FILE_BYTES} bytes` };
    return { ok: true, value: readFileSync(path, "utf8") };
  } catch (e) {
    return { ok: false, error: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
}

export function readProjectFile(path: string, selection: GroupSelection): Result<ProjectFile, string> {
  if (isLockFileName(path)) return { ok: false, error: `${path}: a lock file, not a project file (pass it to --locked to keep its pins)` };
  const text = readText(path);
  if (!text.ok) return text;
  const name = basename(path);
  if (name.endsWith(".ipynb") || (/^\s*\{/.test(text.value) && /"cells"\s*:/.test(text.value))) return readNotebook(text.value, path, selection);
  const tomlLike = name === "Pipfile" || name.endsWith(".toml") || /^\s*\[{1,2}[A-Za-z0-9_.-]+\]{1,2}\s*$/m.test(text.value);
  if (tomlLike) {
    const data = parseTomlDocument(text.value, path);
    if (!data.ok) return data;
    if (name === "Pipfile" || (!isPyprojectData(data.value) && isPipfileData(data.value))) return pipfileFromData(data.value, path, selection);
    if (isPyprojectData(data.value)) return pyprojectFromData(data.value, path, selection);
    return { ok: false, error: `${path}: a TOML file with neither [project] or [dependency-groups] (pyproject.toml) nor [packages] or [[source]] (Pipfile)` };
  }
  return requirementsProject(path);
}

/** A pip requirements file as a project file (it has no groups: a selection applies to the other files). */
function requirementsProject(path: string): Result<ProjectFile, string> {
  const read = readRequirementsFile(path);
  if (!read.ok) return read;
  const r = read.value;
  return {
    ok: true,
    value: {
      kind: "requirements", path, name: null,
      requirements: r.requirements.map((l) => ({ text: l.text, group: "default", source: `-r ${l.file === path ? path : basename(l.file)}` })),
      constraints: r.constraints.map((l) => l.text),
      indexes: [...r.indexUrls, ...r.extraIndexUrls].map((url) => ({ name: null, url, verifySsl: true })),
      pre: r.pre, python: null, requiresPython: null, pipfile: null, groups: [],
    },
  };
}

/**
 * The project file of a folder when the user names none (as uv and Thamos look): pyproject.toml
 * when it states requirements, else Pipfile, else requirements.txt; null when there is none.
 */
export function findProjectFile(dir: string): string | null {
  const pyproject = join(dir, "pyproject.toml");
  if (existsSync(pyproject)) {
    const text = readText(pyproject);
    const data = text.ok ? parseTomlDocument(text.value, pyproject) : null;
    // An unreadable or invalid pyproject.toml is the user's file: report it rather than skip it.
    if (data === null || !data.ok || isPyprojectData(data.value)) return pyproject;
  }
  for (const name of ["Pipfile", "requirements.txt"]) if (existsSync(join(dir, name))) return join(dir, name);
  return null;
}
