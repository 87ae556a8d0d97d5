import type { CandidateInfo, Catalog } from "../catalog/index.js";
import { Exclusion } from "../graph/index.js";
import { compareVersions, formatVersion, parseVersion, type Version } from "../pep440/index.js";
import {
  evaluateMarker, markerExtras, normalizeName, parseRequirement, type Environment, type Requirement,
} from "../pep508/index.js";
import { requiresPythonFits } from "./requires-python.js";
import type { CompileError, CompileProblem } from "./request.js";
import type { Result } from "../failure/index.js";

/** One requirement of a candidate, parsed, with the extra it belongs to (null: the base package). */
export interface Dependency {
  readonly target: string;
  readonly extras: readonly string[];
  readonly requirement: Requirement;
  readonly text: string;
}

export interface LoadedVersion {
  readonly text: string;
  readonly version: Version;
  readonly info: CandidateInfo;
  exclusion: Exclusion;
  /** The Requires-Python that excluded it (exclusion RequiresPython), for explanations. */
  requiresPython?: string;
  /** Dependencies without an extra marker that apply to the environment. */
  readonly base: Dependency[];
  /** Per extra: dependencies whose marker holds for that extra. */
  readonly byExtra: Map<string, Dependency[]>;
}

export interface LoadedPackage {
  readonly name: string;
  /** Newest first. */
  readonly versions: LoadedVersion[];
}

/** Stated limit on the extras one candidate may declare (hostile metadata). */
export const MAX_EXTRAS = 1000;

/** What loading needs from the request, fixed for one compile. */
export interface LoadContext {
  readonly env: Environment;
  readonly python: Version;
  readonly ignoreRequiresPythonUpperBounds: boolean;
  readonly cache: RequirementCache;
}

export type LoadOutcome = Result<LoadedPackage | null, CompileError>;

/** Shared per compile: parsed requirement strings (or why they are invalid), so repeated metadata is parsed once. */
export type RequirementCache = Map<string, ParsedDependency | string>;

/** Loads every version of a project with its metadata; null when the project does not exist. */
export async function loadPackage(
  catalog: Catalog, name: string, context: LoadContext, problems: CompileProblem[],
): Promise<LoadOutcome> {
  const { env, python, cache } = context;
  const listed = await catalog.versions(name);
  if (listed.kind === "offline") return { ok: false, error: { kind: "offline", message: listed.reason } };
  if (listed.kind !== "found") return { ok: true, value: null };
  const seen = new Set<string>();
  const parsedInfos: { info: CandidateInfo; version: Version; text: string }[] = [];
  for (const info of listed.value) {
    const parsed = parseVersion(info.version);
    if (!parsed.ok) {
      problems.push({ kind: "invalid-version", package: name, version: info.version, reason: parsed.error.message });
      continue;
    }
    const text = formatVersion(parsed.value);
    if (seen.has(text)) continue;
    seen.add(text);
    parsedInfos.push({ info, version: parsed.value, text });
  }
  parsedInfos.sort((a, b) => compareVersions(b.version, a.version));
  const metas = await Promise.all(parsedInfos.map((p) => catalog.metadata(name, p.info.version)));
  const versions: LoadedVersion[] = [];
  for (let i = 0; i < parsedInfos.length; i++) {
    const { info, version, text } = parsedInfos[i];
    const meta = metas[i];
    if (meta.kind === "offline") return { ok: false, error: { kind: "offline", message: meta.reason } };
    const loaded: LoadedVersion = { text, version, info, exclusion: Exclusion.None, base: [], byExtra: new Map() };
    versions.push(loaded);
    if (meta.kind !== "found") {
      loaded.exclusion = meta.kind === "invalid-metadata" ? Exclusion.InvalidMetadata : Exclusion.MissingMetadata;
      problems.push({ kind: "invalid-metadata", package: name, version: text, reason: meta.kind === "invalid-metadata" ? meta.reason : "no metadata" });
      continue;
    }
    const requiresPython = info.requiresPython ?? meta.value.requiresPython;
    const fits = requiresPythonFits(requiresPython, python, context.ignoreRequiresPythonUpperBounds);
    if (fits === "invalid") {
      loaded.exclusion = Exclusion.InvalidMetadata;
      problems.push({ kind: "invalid-metadata", package: name, version: text, reason: `invalid Requires-Python ${JSON.stringify(requiresPython)}` });
      continue;
    }
    if (!fits) {
      loaded.exclusion = Exclusion.RequiresPython;
      if (requiresPython !== null) loaded.requiresPython = requiresPython;
      continue;
    }
    const reason = meta.value.providesExtra.length > MAX_EXTRAS
      ? `declares ${meta.value.providesExtra.length} extras, more than the limit of ${MAX_EXTRAS}`
      : splitDependencies(loaded, meta.value.requiresDist, meta.value.providesExtra, env, cache);
    if (reason !== null) {
      loaded.exclusion = Exclusion.InvalidMetadata;
      problems.push({ kind: "invalid-metadata", package: name, version: text, reason });
    }
  }
  return { ok: true, value: { name, versions } };
}

/** One Requires-Dist string, parsed and with its marker evaluated for the environment, once per compile. */
interface ParsedDependency {
  readonly dep: Dependency;
  /** The marker holds without an extra: a dependency of the base package. */
  readonly base: boolean;
  /** The extras the marker mentions (normalized). */
  readonly extras: readonly string[];
  /** Per extra: whether the marker holds for it (memo). */
  readonly holds: Map<string, boolean>;
}

function parseDependency(text: string, env: Environment): ParsedDependency | string {
  const parsed = parseRequirement(text);
  if (!parsed.ok) return `invalid requirement ${JSON.stringify(text)}: ${parsed.error.message}`;
  const req = parsed.value;
  if (req.url !== null) return `direct URL requirement ${JSON.stringify(text)} is not supported`;
  const dep: Dependency = { target: normalizeName(req.name), extras: req.extras.map(normalizeName), requirement: req, text };
  const marker = req.marker;
  const base = marker === null || evaluateMarker(marker, env);
  return { dep, base, extras: base || marker === null ? [] : markerExtras(marker).map(normalizeName), holds: new Map() };
}

/** Sorts a candidate's Requires-Dist into base and per-extra dependencies; returns a reason when one is invalid. */
export function splitDependencies(
  loaded: Pick<LoadedVersion, "base" | "byExtra">, requiresDist: readonly string[], providesExtra: readonly string[], env: Environment, cache: RequirementCache,
): string | null {
  let declared: string[] | null = null;
  for (const text of requiresDist) {
    let parsed = cache.get(text);
    if (parsed === undefined) {
      parsed = parseDependency(text, env);
      cache.set(text, parsed);
    }
    if (typeof parsed === "string") return parsed;
    if (parsed.base) {
      loaded.base.push(parsed.dep);
      continue;
    }
    if (parsed.extras.length === 0) continue;
    declared ??= providesExtra.map(normalizeName);
    for (const extra of new Set([...parsed.extras, ...declared])) {
      let holds = parsed.holds.get(extra);
      if (holds === undefined) {
        holds = evaluateMarker(parsed.dep.requirement.marker!, env, extra);
        parsed.holds.set(extra, holds);
      }
      if (!holds) continue;
      let list = loaded.byExtra.get(extra);
      if (list === undefined) loaded.byExtra.set(extra, (list = []));
      list.push(parsed.dep);
    }
  }
  return null;
}
