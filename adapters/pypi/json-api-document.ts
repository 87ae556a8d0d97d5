/**
 * The PyPI JSON API (`<root>/pypi/<name>/<version>/json`), the fallback when an index serves no
 * core-metadata file: `info.requires_dist` (null = none) and `info.requires_python`.
 */
import type { CandidateMetadata } from "../../core/catalog/index.js";
import type { MetadataParse } from "./core-metadata.js";

/** The JSON API's root for an index URL: `https://pypi.org/simple` -> `https://pypi.org/`. */
export function jsonApiUrl(indexUrl: string, name: string, version: string): string {
  const base = new URL(indexUrl.endsWith("/") ? indexUrl : `${indexUrl}/`);
  base.pathname = base.pathname.replace(/simple\/$/, "");
  return new URL(`pypi/${encodeURIComponent(name)}/${encodeURIComponent(version)}/json`, base).href;
}

export function parseJsonApiDocument(text: string, url: string): MetadataParse {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${url}: not JSON (${(e as Error).message})` };
  }
  const info = typeof doc === "object" && doc !== null ? (doc as { info?: unknown }).info : undefined;
  if (typeof info !== "object" || info === null) return { ok: false, error: `${url}: no "info" object` };
  const { requires_dist: dist, requires_python: python, provides_extra: extras } = info as Record<string, unknown>;
  if (dist !== null && dist !== undefined && !(Array.isArray(dist) && dist.every((d) => typeof d === "string"))) {
    return { ok: false, error: `${url}: info.requires_dist must be null or an array of strings` };
  }
  if (python !== null && python !== undefined && typeof python !== "string") return { ok: false, error: `${url}: info.requires_python must be null or a string` };
  const value: CandidateMetadata = {
    requiresDist: (dist as string[] | null | undefined) ?? [],
    requiresPython: typeof python === "string" && python.trim() !== "" ? python : null,
    providesExtra: Array.isArray(extras) ? extras.filter((e): e is string => typeof e === "string") : [],
  };
  return { ok: true, value };
}
