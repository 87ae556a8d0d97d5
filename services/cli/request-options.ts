import { validateResolveRequest, type ResolveRequest, type ResolveRequestInput } from "../../core/request/index.js";
import type { ProjectFile } from "../../adapters/formats/index.js";
import type { LockRoot } from "../../core/lock/index.js";
import { DEFAULT_INDEX } from "./default-index.js";
import { commandFailure } from "./field-flag.js";
import { readLockedFlag } from "./lock-flags.js";
import { readProjectInput, requiresPythonFailure, type ProjectFlags } from "./project-input.js";
import { readRuntimeInput, type RuntimeFlags } from "./runtime-input.js";
import { UsageError } from "./usage-error.js";

/** The options `resolve`, `count` and `advise` share, as commander hands them over. */
export interface RequestFlags extends ProjectFlags, RuntimeFlags {
  readonly index?: string[];
  readonly prereleases?: string;
  readonly offline?: boolean;
  readonly format?: string;
  /** A lock whose pins are kept where they are still allowed (resolve, advise). */
  readonly locked?: string;
}

/** A command line's request as given (arguments and files read, nothing validated yet) and its output format. */
export interface RequestLine {
  readonly input: ResolveRequestInput;
  readonly format: "text" | "json";
  /** True when neither --index nor a project file named an index: the request uses DEFAULT_INDEX. */
  readonly defaultIndex: boolean;
  /** The project files read (for lock files and the requires-python check). */
  readonly projects: readonly ProjectFile[];
  /** The root requirements with their groups and sources (a lock's `# via`). */
  readonly roots: readonly LockRoot[];
  /** The recommendation type a runtime environment of .thoth.yaml names, when it does. */
  readonly recommendation?: string;
  /** What did not stop the command but should be read (printed on stderr). */
  readonly notes: readonly string[];
}

/** A resolve request from the command line, validated, with its output format. */
export interface ParsedRequest extends ResolveRequest {
  readonly format: "text" | "json";
  /** True when neither --index nor a project file named an index: the request uses DEFAULT_INDEX. */
  readonly defaultIndex: boolean;
  readonly line: RequestLine;
}

export function parseFormat(value: string | undefined): "text" | "json" {
  if (value === undefined || value === "text" || value === "json") return value ?? "text";
  throw new UsageError(`--format: expected text or json, got ${JSON.stringify(value)}`);
}

/**
 * Joins REQ arguments, project files (arguments, `-r`, or the working directory's) and `-c` files
 * into a request's input, with the runtime environment of the flags, .thoth.yaml and the project
 * files: the index URLs of the files when no --index is given (DEFAULT_INDEX when none names one),
 * `allow` prereleases when a file says so.
 */
export function readRequestLine(positional: readonly string[], flags: RequestFlags, cwd: string = process.cwd()): RequestLine {
  const project = readProjectInput(positional, flags, cwd);
  const runtime = readRuntimeInput(flags, project.projects, cwd);
  const indexes = [...(flags.index ?? [])];
  if (indexes.length === 0) indexes.push(...project.indexes);
  const defaultIndex = indexes.length === 0;
  if (defaultIndex) indexes.push(DEFAULT_INDEX);
  const locked = flags.locked === undefined ? undefined : readLockedFlag(flags.locked);
  const input: ResolveRequestInput = {
    requirements: project.requirements, constraints: project.constraints, indexes, offline: flags.offline ?? false,
    ...runtime.input, prereleases: flags.prereleases ?? (project.pre ? "allow" : undefined), ...(locked !== undefined ? { locked } : {}),
  };
  const notes = [...(project.found !== null ? [`reading ${project.found}`] : []), ...runtime.warnings];
  return {
    input, format: parseFormat(flags.format), defaultIndex, projects: project.projects, roots: project.roots, notes,
    ...(runtime.recommendation !== undefined ? { recommendation: runtime.recommendation } : {}),
  };
}

/** Refuses a validated request whose target Python fails a project file's requires-python (exit 2). */
export function checkProjectPython(line: RequestLine, request: ResolveRequest): void {
  const failure = requiresPythonFailure(line.projects, request.environment.python_full_version);
  if (failure !== null) throw new UsageError(failure);
}

/** The resolve request of a command line, validated once by core: a refusal names its flag (exit 2). */
export function parseRequest(positional: readonly string[], flags: RequestFlags): ParsedRequest {
  const line = readRequestLine(positional, flags);
  const request = validateResolveRequest(line.input);
  if (!request.ok) throw commandFailure(request.error);
  checkProjectPython(line, request.value);
  return { ...request.value, format: line.format, defaultIndex: line.defaultIndex, line };
}
