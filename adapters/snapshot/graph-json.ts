/**
 * Graph JSON snapshots, two forms:
 * `{name: {version: {"dependencies": [PEP 508]}}}` (resolvelib's PyPI snapshots) and
 * `{name: {version: {"requires_dist": [...], "requires_python", "upload_time", "yanked"}}}` (null = unknown).
 * Loading parses the JSON and checks the two outer levels only; a project's versions are checked
 * when it is first asked for, so one malformed version entry makes that candidate invalid-metadata.
 */
import type { CandidateInfo, CandidateMetadata, CatalogOutcome } from "../../core/catalog/index.js";
import { normalizeName } from "../../core/pep508/index.js";
import type { LazyProject, ProjectReleases } from "./snapshot-catalog.js";
import { SnapshotFormatError, fieldPath } from "./snapshot-format-error.js";

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses graph JSON text; `file` names the file in errors. Returns the projects keyed by normalized name. */
export function readGraphJson(text: string, file: string): Map<string, LazyProject> {
  let data: Json;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // The position only: V8's message quotes the text around the error, and a coordinator's
    // errors must never echo a file's content (issue 15: a symlink to /etc/shadow came back so).
    const at = /at position (\d+)(?: \(line (\d+) column (\d+)\))?/.exec((error as Error).message);
    const where = at === null ? "" : at[2] !== undefined ? ` at line ${at[2]} column ${at[3]}` : ` at offset ${at[1]}`;
    const end = /Unexpected end of JSON input/.test((error as Error).message) ? " (it ends too early)" : "";
    throw new SnapshotFormatError(file, "", `not valid JSON${where}${end}`);
  }
  if (!isObject(data)) throw new SnapshotFormatError(file, "", "expected an object mapping project names to versions");
  const projects = new Map<string, LazyProject>();
  for (const displayName of Object.keys(data)) {
    const versions = data[displayName];
    // resolvelib's test indexes carry harness flags beside the projects (`"needs_optimistic": true`).
    if (typeof versions === "boolean") continue;
    if (!isObject(versions)) throw new SnapshotFormatError(file, fieldPath(displayName), "expected an object mapping versions to entries");
    const name = normalizeName(displayName);
    const other = projects.get(name);
    if (other !== undefined) {
      throw new SnapshotFormatError(file, fieldPath(displayName), `project defined twice (also as ${JSON.stringify(other.displayName)}); both normalize to ${name}`);
    }
    projects.set(name, { file, displayName, build: () => buildProject(file, displayName, versions) });
  }
  return projects;
}

function buildProject(file: string, project: string, versions: Record<string, Json>): ProjectReleases {
  const infos: CandidateInfo[] = [];
  const metadata = new Map<string, CatalogOutcome<CandidateMetadata>>();
  const name = normalizeName(project);
  for (const version of Object.keys(versions)) {
    const entry = versions[version];
    const checked = checkEntry(entry);
    const invalid = (reason: string): CatalogOutcome<CandidateMetadata> => ({ kind: "invalid-metadata", name, version, reason: `${file}: ${fieldPath(project, version)}${reason}` });
    if (typeof checked === "string") {
      infos.push({ version, requiresPython: null, yanked: false, yankedReason: null, uploadTime: null, hashes: {} });
      metadata.set(version, invalid(checked));
      continue;
    }
    infos.push({ version, requiresPython: checked.requiresPython, yanked: checked.yanked, yankedReason: checked.yankedReason, uploadTime: checked.uploadTime, hashes: {} });
    metadata.set(
      version,
      checked.requiresDist === null
        ? invalid(checked.problem ?? ".requires_dist: unknown")
        : { kind: "found", value: { requiresDist: checked.requiresDist, requiresPython: checked.requiresPython, providesExtra: extrasIn(checked.requiresDist) } },
    );
  }
  return { infos, metadata };
}

interface CheckedEntry {
  readonly requiresDist: readonly string[] | null;
  readonly problem: string | null;
  readonly requiresPython: string | null;
  readonly uploadTime: string | null;
  readonly yanked: boolean;
  readonly yankedReason: string | null;
}

/** Checks one version entry; a string is the reason it is unusable (a field path suffix and a message). */
function checkEntry(entry: Json): CheckedEntry | string {
  if (!isObject(entry)) return ": expected an object with requires_dist or dependencies";
  const key = "requires_dist" in entry ? "requires_dist" : "dependencies" in entry ? "dependencies" : null;
  if (key === null) return ": expected a requires_dist or dependencies field";
  const list = entry[key];
  let requiresDist: readonly string[] | null = null;
  let problem: string | null = null;
  if (Array.isArray(list) && list.every((s) => typeof s === "string")) requiresDist = list as string[];
  // resolvelib's snapshots write an empty object for "no dependencies".
  else if (isObject(list) && Object.keys(list).length === 0) requiresDist = [];
  else problem = `.${key}: expected a list of strings`;
  const optionalString = (field: string): string | null | undefined => {
    const v = entry[field];
    if (v === undefined || v === null) return null;
    return typeof v === "string" ? v : undefined;
  };
  const requiresPython = optionalString("requires_python");
  if (requiresPython === undefined) return ".requires_python: expected a string or null";
  const uploadTime = optionalString("upload_time");
  if (uploadTime === undefined) return ".upload_time: expected a string or null";
  const yankedReason = optionalString("yanked_reason");
  if (yankedReason === undefined) return ".yanked_reason: expected a string or null";
  const yanked = entry.yanked;
  if (yanked !== undefined && yanked !== null && typeof yanked !== "boolean") return ".yanked: expected true, false or null";
  return { requiresDist, problem, requiresPython, uploadTime, yanked: yanked === true, yankedReason };
}

const EXTRA_MARKER = /\bextra\s*==\s*(?:"([^"]*)"|'([^']*)')/g;

/** The extras named by `extra == "x"` markers, in order of first appearance (Provides-Extra). */
export function extrasIn(requiresDist: readonly string[]): readonly string[] {
  const seen = new Set<string>();
  for (const requirement of requiresDist) {
    if (!requirement.includes("extra")) continue;
    for (const m of requirement.matchAll(EXTRA_MARKER)) seen.add(m[1] ?? m[2]);
  }
  return [...seen];
}
