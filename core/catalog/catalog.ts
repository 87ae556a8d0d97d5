/**
 * The catalog port: where candidates and their requirements come from (snapshot files, a
 * PyPI-compatible index, the knowledge store). Metadata stays as published text here; the
 * compiler parses it, so one malformed string makes one candidate unusable and nothing else.
 */

/** One release of a project as an index lists it. */
export interface CandidateInfo {
  /** The version string as published (not necessarily normalized). */
  readonly version: string;
  readonly requiresPython: string | null;
  readonly yanked: boolean;
  readonly yankedReason: string | null;
  /** ISO 8601, or null when unknown. */
  readonly uploadTime: string | null;
  /** Hash name to hex digest, e.g. {"sha256": "..."}; empty when unknown. */
  readonly hashes: Readonly<Record<string, string>>;
  /** The distribution files of the release, when the source knows them (wheel tags, sdists). */
  readonly files?: readonly DistributionFile[];
}

/** One file of a release: a wheel (its tags are in the filename) or an sdist. */
export interface DistributionFile {
  readonly filename: string;
  /** Absolute URL, when the source is an index. */
  readonly url?: string;
  readonly hashes: Readonly<Record<string, string>>;
  readonly requiresPython: string | null;
  readonly yanked: boolean;
  readonly uploadTime: string | null;
  readonly size?: number;
  /** PEP 658/714: the core metadata is served beside the file. */
  readonly hasMetadata?: boolean;
}

/** The core metadata of one candidate that resolution needs. */
export interface CandidateMetadata {
  /** Requires-Dist entries, PEP 508 strings with markers (`extra == "x"` for extras). */
  readonly requiresDist: readonly string[];
  readonly requiresPython: string | null;
  readonly providesExtra: readonly string[];
}

export type CatalogOutcome<T> =
  | { readonly kind: "found"; readonly value: T }
  | { readonly kind: "not-found"; readonly name: string; readonly version?: string }
  | { readonly kind: "invalid-metadata"; readonly name: string; readonly version?: string; readonly reason: string }
  | { readonly kind: "offline"; readonly reason: string };

export interface Catalog {
  /** Every release of a project, in any order. `name` is PEP 503 normalized. */
  versions(name: string): Promise<CatalogOutcome<readonly CandidateInfo[]>>;
  /** The metadata of one release. */
  metadata(name: string, version: string): Promise<CatalogOutcome<CandidateMetadata>>;
}

export function found<T>(value: T): CatalogOutcome<T> {
  return { kind: "found", value };
}
