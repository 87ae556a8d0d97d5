import { PRERELEASE_POLICIES, type PrereleasePolicy } from "../../core/compile/index.js";
import { environmentFor, type Environment, type Target } from "../../core/pep508/index.js";
import { readRequirementsFile } from "../../adapters/formats/requirements-file.js";
import { DEFAULT_INDEX } from "./default-index.js";
import { UsageError } from "./usage-error.js";

/** The options `resolve` and `advise` share, as commander hands them over. */
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

/** A request after validation: everything named, nothing left to parse. */
export interface ParsedRequest {
  readonly requirements: readonly string[];
  readonly constraints: readonly string[];
  readonly indexes: readonly string[];
  readonly target: Target;
  readonly environment: Environment;
  readonly prereleases: PrereleasePolicy;
  readonly offline: boolean;
  readonly format: "text" | "json";
  /** True when neither --index nor a `-r` file named an index: the request uses DEFAULT_INDEX. */
  readonly defaultIndex: boolean;
}

export const DEFAULT_PYTHON = "3.12";

export function parseFormat(value: string | undefined): "text" | "json" {
  if (value === undefined || value === "text" || value === "json") return value ?? "text";
  throw new UsageError(`--format: expected text or json, got ${JSON.stringify(value)}`);
}

export function parseTarget(python: string | undefined, platform: string | undefined): { target: Target; environment: Environment } {
  const p = platform ?? "linux";
  if (p !== "linux" && p !== "macos" && p !== "windows") throw new UsageError(`--platform: expected linux, macos or windows, got ${JSON.stringify(p)}`);
  const target: Target = { python: python ?? DEFAULT_PYTHON, platform: p };
  try {
    return { target, environment: environmentFor(target) };
  } catch (error) {
    throw new UsageError(`--python: ${(error as Error).message.replace(/^target\.python: /, "")}`);
  }
}

export function parsePrereleases(value: string | undefined, pre: boolean): PrereleasePolicy {
  if (value === undefined) return pre ? "allow" : "if-necessary-or-explicit";
  if ((PRERELEASE_POLICIES as readonly string[]).includes(value)) return value as PrereleasePolicy;
  throw new UsageError(`--prereleases: expected ${PRERELEASE_POLICIES.join(", ")}, got ${JSON.stringify(value)}`);
}

/** Joins positional requirements, `-r` files and `-c` files into one validated request. */
export function parseRequest(positional: readonly string[], flags: RequestFlags): ParsedRequest {
  const requirements = [...positional];
  const constraints: string[] = [];
  const indexes = [...(flags.index ?? [])];
  let pre = false;
  for (const file of flags.requirement ?? []) {
    const read = readRequirementsFile(file);
    if (!read.ok) throw new UsageError(`-r: ${read.message}`);
    requirements.push(...read.value.requirements.map((l) => l.text));
    constraints.push(...read.value.constraints.map((l) => l.text));
    if (indexes.length === 0) indexes.push(...read.value.indexUrls, ...read.value.extraIndexUrls);
    pre ||= read.value.pre;
  }
  for (const file of flags.constraint ?? []) constraints.push(...readConstraints(file));
  if (requirements.length === 0) throw new UsageError("no requirements: give REQ arguments or -r FILE");
  const defaultIndex = indexes.length === 0;
  if (defaultIndex) indexes.push(DEFAULT_INDEX);
  const { target, environment } = parseTarget(flags.python, flags.platform);
  return {
    requirements, constraints, indexes, target, environment,
    prereleases: parsePrereleases(flags.prereleases, pre),
    offline: flags.offline ?? false,
    format: parseFormat(flags.format),
    defaultIndex,
  };
}

function readConstraints(file: string): string[] {
  const read = readRequirementsFile(file);
  if (!read.ok) throw new UsageError(`-c: ${read.message}`);
  return [...read.value.requirements, ...read.value.constraints].map((l) => l.text);
}
