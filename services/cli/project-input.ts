/**
 * The requirements of a command line: REQ arguments, the project files it names (as arguments or
 * with -r: pyproject.toml, Pipfile, notebooks, requirements files, recognised by name and content)
 * and, when it names none, the project file of the working directory (as uv and Thamos look).
 */
import { existsSync } from "node:fs";
import { relative } from "node:path";
import {
  findProjectFile, looksLikeProjectFile, readProjectFile, readRequirementsFile, type GroupSelection, type ProjectFile,
} from "../../adapters/formats/index.js";
import type { LockRoot } from "../../core/lock/index.js";
import { requiresPythonMatches } from "../../core/pep508/index.js";
import { UsageError } from "./usage-error.js";

/** The flags that select parts of a project file. */
export interface ProjectFlags {
  readonly requirement?: string[];
  readonly constraint?: string[];
  readonly extra?: string[];
  readonly allExtras?: boolean;
  readonly group?: string[];
  readonly dev?: boolean;
}

export interface ProjectInput {
  readonly requirements: readonly string[];
  readonly constraints: readonly string[];
  /** Index URLs the files name, in order. */
  readonly indexes: readonly string[];
  /** A file allows prereleases (`--pre`, `allow_prereleases`). */
  readonly pre: boolean;
  /** The root requirements with their groups and where they were written, for a lock file's `# via` and groups. */
  readonly roots: readonly LockRoot[];
  /** The project files read. */
  readonly projects: readonly ProjectFile[];
  /** The file found in the working directory when none was named; null otherwise. */
  readonly found: string | null;
}

const COMMAND_LINE = "(command line)";

/** Reads the requirements a command line gives; a file that cannot be read is a UsageError naming it (exit 2). */
export function readProjectInput(positional: readonly string[], flags: ProjectFlags, cwd: string): ProjectInput {
  const selection: GroupSelection = { extras: flags.extra ?? [], allExtras: flags.allExtras ?? false, groups: flags.group ?? [], dev: flags.dev ?? false };
  const requirements: string[] = [];
  const roots: LockRoot[] = [];
  const files: string[] = [];
  for (const word of positional) {
    if (looksLikeProjectFile(word) && (existsSync(word) || !/^[A-Za-z0-9._-]+$/.test(word) || /\.(toml|ipynb|txt)$|^Pipfile$/.test(word))) files.push(word);
    else {
      requirements.push(word);
      roots.push({ requirement: word, group: "default", source: COMMAND_LINE });
    }
  }
  const fromFlag = new Set(flags.requirement ?? []);
  files.push(...fromFlag);
  let found: string | null = null;
  if (files.length === 0 && requirements.length === 0) {
    const path = findProjectFile(cwd);
    if (path === null) throw new UsageError("no requirements: give REQ arguments or -r FILE, or run in a folder with a pyproject.toml, Pipfile or requirements.txt");
    found = relative(cwd, path) || path;
    files.push(found);
  }
  const constraints: string[] = [];
  const indexes: string[] = [];
  const projects: ProjectFile[] = [];
  let pre = false;
  for (const file of files) {
    const read = readProjectFile(file, selection);
    if (!read.ok) throw new UsageError(fromFlag.has(file) ? `-r: ${read.error}` : read.error);
    const project = read.value;
    projects.push(project);
    for (const r of project.requirements) {
      requirements.push(r.text);
      roots.push({ requirement: r.text, group: r.group, source: r.source });
    }
    constraints.push(...project.constraints);
    indexes.push(...project.indexes.map((i) => i.url));
    pre ||= project.pre;
  }
  const selects = selection.extras.length > 0 || selection.allExtras || selection.groups.length > 0 || selection.dev;
  if (selects && !projects.some((p) => p.kind !== "requirements")) {
    throw new UsageError("--extra, --all-extras, --group and --dev select parts of a pyproject.toml, Pipfile or notebook; none was given");
  }
  for (const file of flags.constraint ?? []) {
    const read = readRequirementsFile(file);
    if (!read.ok) throw new UsageError(`-c: ${read.error}`);
    constraints.push(...[...read.value.requirements, ...read.value.constraints].map((l) => l.text));
  }
  if (requirements.length === 0) throw new UsageError("no requirements: give REQ arguments or -r FILE");
  return { requirements, constraints, indexes: [...new Set(indexes)], pre, roots, projects, found };
}

/** Why the target Python fails a pyproject.toml's requires-python (naming the file and --python), or null. */
export function requiresPythonFailure(projects: readonly ProjectFile[], pythonFullVersion: string): string | null {
  for (const p of projects) {
    if (p.requiresPython === null) continue;
    const matches = requiresPythonMatches(p.requiresPython, pythonFullVersion);
    if (matches.ok && !matches.value) {
      return `--python: the target Python ${pythonFullVersion} does not satisfy requires-python ${JSON.stringify(p.requiresPython)} of ${p.path}: pass --python with a version it allows`;
    }
  }
  return null;
}
