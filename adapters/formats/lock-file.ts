/**
 * Lock files by name: `pylock.toml` / `pylock.NAME.toml` (PEP 751), `Pipfile.lock`, a notebook
 * (`.ipynb`: the lock goes into its metadata), any other `.txt` (a requirements file). Written
 * through a temporary file renamed into place; read back as pins for `--locked`.
 */
import { renameSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Result } from "../../core/failure/index.js";
import type { LockedStack } from "../../core/lock/index.js";
import { normalizeName, parseRequirement } from "../../core/pep508/index.js";
import type { LockContext } from "./lock-context.js";
import { parseJsonText } from "./json-text.js";
import { metadataObject, parseNotebook } from "./notebook-file.js";
import { pipfileLock, pipfileLockObject, pipfileLockPins } from "./pipfile-lock.js";
import { PYLOCK_NAME, pylockPins, pylockToml } from "./pylock-toml.js";
import { readText } from "./read-project-file.js";
import { readRequirementsFile } from "./requirements-file.js";
import { requirementsLock } from "./requirements-lock.js";

export type LockFormat = "pylock" | "requirements" | "pipfile-lock" | "notebook";

/** The format a lock file's name asks for, or why the name says none. */
export function lockFormatOf(path: string): Result<LockFormat, string> {
  const name = basename(path);
  if (PYLOCK_NAME.test(name)) return { ok: true, value: "pylock" };
  if (name === "Pipfile.lock") return { ok: true, value: "pipfile-lock" };
  if (name.endsWith(".ipynb")) return { ok: true, value: "notebook" };
  if (name.endsWith(".txt")) return { ok: true, value: "requirements" };
  return { ok: false, error: `cannot tell the lock format of ${JSON.stringify(name)}: name it pylock.toml (or pylock.NAME.toml), Pipfile.lock, requirements.txt (any .txt), or a notebook (.ipynb)` };
}

/** The lock file's text in a format (a notebook's is the notebook with the lock in its metadata, so it reads the notebook first). */
export function lockText(format: LockFormat, path: string, stack: LockedStack, context: LockContext): Result<string, string> {
  switch (format) {
    case "pylock": return { ok: true, value: pylockToml(stack, context) };
    case "requirements": return { ok: true, value: requirementsLock(stack, context) };
    case "pipfile-lock": return { ok: true, value: pipfileLock(stack, context) };
    case "notebook": return notebookWithLock(path, stack, context);
  }
}

/** Writes a lock file in the format its name asks for; an error names the file. */
export function writeLockFile(path: string, stack: LockedStack, context: LockContext): Result<LockFormat, string> {
  const format = lockFormatOf(path);
  if (!format.ok) return format;
  const text = lockText(format.value, path, stack, context);
  if (!text.ok) return text;
  const temporary = join(dirname(path), `.${basename(path)}.maat-${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text.value);
    renameSync(temporary, path);
  } catch (e) {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing was written
    }
    return { ok: false, error: `cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
  return format;
}

/** The notebook with its `requirements_lock` metadata set to the Pipfile.lock (as JSON text, as jupyterlab-requirements writes it). */
function notebookWithLock(path: string, stack: LockedStack, context: LockContext): Result<string, string> {
  const text = readText(path);
  if (!text.ok) return { ok: false, error: `${text.error} (the lock is written into an existing notebook)` };
  const notebook = parseNotebook(text.value, path);
  if (!notebook.ok) return notebook;
  const metadata = { ...notebook.value.metadata, requirements_lock: JSON.stringify(pipfileLockObject(stack, context)) };
  // nbformat writes one-space indents and a final newline
  return { ok: true, value: `${JSON.stringify({ ...notebook.value.document, metadata }, null, 1)}\n` };
}

/** The pins of a lock file (name to version), for `--locked`: pylock.toml, Pipfile.lock, a notebook's lock, or a requirements file of `==` pins. */
export function readLockedPins(path: string): Result<Record<string, string>, string> {
  const name = basename(path);
  if (name.endsWith(".txt") || name.endsWith(".in")) return requirementsPins(path);
  const text = readText(path);
  if (!text.ok) return text;
  if (PYLOCK_NAME.test(name) || name.endsWith(".toml")) return pylockPins(text.value, path);
  if (name.endsWith(".ipynb")) {
    const notebook = parseNotebook(text.value, path);
    if (!notebook.ok) return notebook;
    const lock = metadataObject(notebook.value, "requirements_lock", path);
    if (!lock.ok) return lock;
    if (lock.value === null) return { ok: false, error: `${path}: metadata.requirements_lock: absent; the notebook holds no lock yet` };
    return pipfileLockPins(lock.value, `${path}: metadata.requirements_lock`);
  }
  const data = parseJsonText(text.value, path);
  if (data.ok) return pipfileLockPins(data.value, path);
  return requirementsPins(path);
}

function requirementsPins(path: string): Result<Record<string, string>, string> {
  const read = readRequirementsFile(path);
  if (!read.ok) return read;
  const pins: Record<string, string> = {};
  for (const line of read.value.requirements) {
    const r = parseRequirement(line.text);
    const pin = r.ok && r.value.specifier.specifiers.length === 1 ? r.value.specifier.specifiers[0] : undefined;
    if (!r.ok || pin === undefined || (pin.operator !== "==" && pin.operator !== "===") || pin.version.includes("*")) {
      return { ok: false, error: `${line.file}:${line.line}: expected a pin such as name==1.0, got ${JSON.stringify(line.text)}` };
    }
    pins[normalizeName(r.value.name)] = pin.version;
  }
  return { ok: true, value: pins };
}
