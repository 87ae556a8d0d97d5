/**
 * A Jupyter notebook as a project file: the metadata jupyterlab-requirements writes
 * (`requirements`: the Pipfile as JSON text, `requirements_lock`: the Pipfile.lock as JSON text,
 * `thoth_config`: the .thoth.yaml as JSON) and the kernel's Python version
 * (`language_info.version`).
 */
import type { Result } from "../../core/failure/index.js";
import { parseJsonText } from "./json-text.js";
import { pipfileFromData } from "./pipfile.js";
import type { GroupSelection, ProjectFile } from "./project-file.js";
import { isTable, kindOf } from "./toml-document.js";

export interface Notebook {
  /** The whole document, to write back. */
  readonly document: Record<string, unknown>;
  readonly metadata: Record<string, unknown>;
}

/** Whether parsed JSON is a notebook. */
export function isNotebookData(data: unknown): data is Record<string, unknown> {
  return isTable(data) && Array.isArray(data.cells) && (typeof data.nbformat === "number" || isTable(data.metadata));
}

export function parseNotebook(text: string, path: string): Result<Notebook, string> {
  const parsed = parseJsonText(text, path);
  if (!parsed.ok) return parsed;
  if (!isNotebookData(parsed.value)) return { ok: false, error: `${path}: not a Jupyter notebook (no cells and nbformat)` };
  const metadata = parsed.value.metadata ?? {};
  if (!isTable(metadata)) return { ok: false, error: `${path}: metadata: expected an object, got ${kindOf(metadata)}` };
  return { ok: true, value: { document: parsed.value, metadata } };
}

/** A metadata entry that holds JSON as text (as jupyterlab-requirements writes it) or as an object; null when absent. */
export function metadataObject(notebook: Notebook, key: string, path: string): Result<Record<string, unknown> | null, string> {
  const value = notebook.metadata[key];
  if (value === undefined || value === null) return { ok: true, value: null };
  const where = `${path}: metadata.${key}`;
  const data = typeof value === "string" ? parseJsonText(value, where) : { ok: true as const, value };
  if (!data.ok) return data;
  if (!isTable(data.value)) return { ok: false, error: `${where}: expected an object (or its JSON text), got ${kindOf(data.value)}` };
  return { ok: true, value: data.value };
}

export function readNotebook(text: string, path: string, selection: GroupSelection): Result<ProjectFile, string> {
  const notebook = parseNotebook(text, path);
  if (!notebook.ok) return notebook;
  const pipfile = metadataObject(notebook.value, "requirements", path);
  if (!pipfile.ok) return pipfile;
  if (pipfile.value === null) {
    return { ok: false, error: `${path}: metadata.requirements: absent; the notebook states no requirements (jupyterlab-requirements writes them there)` };
  }
  const project = pipfileFromData(pipfile.value, `${path} metadata.requirements`, selection, "notebook");
  if (!project.ok) return project;
  const language = notebook.value.metadata.language_info;
  const kernel = isTable(language) && typeof language.version === "string" && /^\d+\.\d+(\.\d+)?$/.test(language.version) ? language.version : null;
  return { ok: true, value: { ...project.value, path, python: project.value.python ?? kernel } };
}
