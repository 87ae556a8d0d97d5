/**
 * What the PyPI client needs from a persistent cache: the port the knowledge store
 * (adapters/store, `openKnowledgeStore`) fills. The two form one adapter family; the ring rule
 * (no adapter imports a sibling) keeps the pairing structural: a composition root passes the
 * store as `cache`, and a type test (pypi-catalog.test.ts) proves the store satisfies this port.
 */
import type { CandidateMetadata, DistributionFile } from "../../core/catalog/index.js";

/** A distribution file as listed on a project page, plus the PEP 658 hash of its metadata file. */
export interface IndexFile extends DistributionFile {
  readonly metadataHashes?: Readonly<Record<string, string>>;
  /** PEP 592: why the file was yanked, when it is and the index says. */
  readonly yankedReason?: string | null;
}

export interface CachedPage {
  readonly indexUrl: string;
  readonly name: string;
  readonly etag: string | null;
  readonly fetchedAt: string;
  readonly files: readonly IndexFile[];
}

export type MetadataSource = "metadata-file" | "json-api" | "unknown";

export type CachedMetadata =
  | { readonly status: "found"; readonly indexUrl: string; readonly name: string; readonly version: string; readonly metadata: CandidateMetadata; readonly source: MetadataSource; readonly fetchedAt: string }
  | { readonly status: "invalid"; readonly indexUrl: string; readonly name: string; readonly version: string; readonly reason: string; readonly source: MetadataSource; readonly fetchedAt: string };

export interface IndexCache {
  page(indexUrl: string, name: string): CachedPage | null;
  putPage(page: CachedPage): void;
  touchPage(indexUrl: string, name: string, fetchedAt: string): void;
  metadata(indexUrl: string, name: string, version: string): CachedMetadata | null;
  putMetadata(record: CachedMetadata): void;
}
