import { validateResolveRequest, type ResolveRequest, type ResolveRequestInput } from "../../core/request/index.js";
import { readRequirementsFile } from "../../adapters/formats/requirements-file.js";
import { DEFAULT_INDEX } from "./default-index.js";
import { commandFailure } from "./field-flag.js";
import { UsageError } from "./usage-error.js";

/** The options `resolve`, `count` and `advise` share, as commander hands them over. */
export interface RequestFlags {
  readonly requirement?: string[];
  readonly constraint?: string[];
  readonly index?: string[];
  readonly python?: string;
  readonly platform?: string;
  readonly prereleases?: string;
  readonly offline?: boolean;
  readonly format?: string;
}

/** A command line's request as given (arguments and files read, nothing validated yet) and its output format. */
export interface RequestLine {
  readonly input: ResolveRequestInput;
  readonly format: "text" | "json";
  /** True when neither --index nor a `-r` file named an index: the request uses DEFAULT_INDEX. */
  readonly defaultIndex: boolean;
}

/** A resolve request from the command line, validated, with its output format. */
export interface ParsedRequest extends ResolveRequest {
  readonly format: "text" | "json";
  /** True when neither --index nor a `-r` file named an index: the request uses DEFAULT_INDEX. */
  readonly defaultIndex: boolean;
}

export function parseFormat(value: string | undefined): "text" | "json" {
  if (value === undefined || value === "text" || value === "json") return value ?? "text";
  throw new UsageError(`--format: expected text or json, got ${JSON.stringify(value)}`);
}

/**
 * Joins positional requirements, `-r` files and `-c` files into a request's input: the index URLs
 * of a requirements file when no --index is given (DEFAULT_INDEX when neither names one), `allow`
 * prereleases when a file says `--pre`.
 */
export function readRequestLine(positional: readonly string[], flags: RequestFlags): RequestLine {
  const requirements = [...positional];
  const constraints: string[] = [];
  const indexes = [...(flags.index ?? [])];
  let pre = false;
  for (const file of flags.requirement ?? []) {
    const read = readRequirementsFile(file);
    if (!read.ok) throw new UsageError(`-r: ${read.error}`);
    requirements.push(...read.value.requirements.map((l) => l.text));
    constraints.push(...read.value.constraints.map((l) => l.text));
    if (indexes.length === 0) indexes.push(...read.value.indexUrls, ...read.value.extraIndexUrls);
    pre ||= read.value.pre;
  }
  for (const file of flags.constraint ?? []) constraints.push(...readConstraints(file));
  if (requirements.length === 0) throw new UsageError("no requirements: give REQ arguments or -r FILE");
  const defaultIndex = indexes.length === 0;
  if (defaultIndex) indexes.push(DEFAULT_INDEX);
  const input: ResolveRequestInput = {
    requirements, constraints, indexes, offline: flags.offline ?? false,
    python: flags.python, platform: flags.platform, prereleases: flags.prereleases ?? (pre ? "allow" : undefined),
  };
  return { input, format: parseFormat(flags.format), defaultIndex };
}

/** The resolve request of a command line, validated once by core: a refusal names its flag (exit 2). */
export function parseRequest(positional: readonly string[], flags: RequestFlags): ParsedRequest {
  const line = readRequestLine(positional, flags);
  const request = validateResolveRequest(line.input);
  if (!request.ok) throw commandFailure(request.error);
  return { ...request.value, format: line.format, defaultIndex: line.defaultIndex };
}

function readConstraints(file: string): string[] {
  const read = readRequirementsFile(file);
  if (!read.ok) throw new UsageError(`-c: ${read.error}`);
  return [...read.value.requirements, ...read.value.constraints].map((l) => l.text);
}
